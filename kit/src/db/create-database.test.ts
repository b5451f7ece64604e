import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase } from '../testing/postgres.ts';
import { createDatabase } from './create-database.ts';

describe('createDatabase', () => {
  it('opens PGlite when DATABASE_URL is unset', async () => {
    const db = await createDatabase({
      database: 'pglite',
      DATABASE_URL: undefined,
      DB_POOL_SIZE: 1,
      SV_SDK_DATA_DIR: 'memory://',
    });
    try {
      expect(db.driver).toBe('pglite');
      expect((await db.health()).status).toBe('up');
    } finally {
      await db.close();
    }
  });

  it('opens postgres-js with DATABASE_URL, without loading any PGlite module', async () => {
    const scratch = await createScratchPostgresDatabase();
    try {
      // A fresh Node process records every module it resolves while creating and using the database.
      const script = `
        import { registerHooks } from 'node:module';
        const seen = [];
        registerHooks({ resolve(specifier, context, next) { const result = next(specifier, context); seen.push(result.url); return result; } });
        const { createDatabase } = await import(${JSON.stringify(pathToFileURL(resolve(import.meta.dirname, 'index.ts')).href)});
        const db = await createDatabase({ database: 'postgres', DATABASE_URL: process.env.TEST_URL, DB_POOL_SIZE: 2, SV_SDK_DATA_DIR: 'memory://' });
        const health = await db.health();
        await db.close();
        console.log(JSON.stringify({ driver: db.driver, health: health.status, modules: seen.length, pglite: seen.filter((url) => ['/node_modules/@electric-sql/pglite/', '/drizzle-orm/pglite/', '/drivers/pglite/'].some((part) => url.includes(part))) }));
      `;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TEST_URL: scratch.url },
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        driver: string;
        health: string;
        modules: number;
        pglite: string[];
      };
      expect(result.driver).toBe('postgres');
      expect(result.health).toBe('up');
      expect(result.modules).toBeGreaterThan(10);
      expect(result.pglite).toEqual([]);
    } finally {
      await scratch.drop();
    }
  });
});
