import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEmbeddedMigrations } from '../../../scripts/embed-migrations.ts';
import { EMBEDDED_MIGRATIONS } from './embedded.generated.ts';
import { loadMigrations, loadMigrationsFromFolder, MIGRATIONS_FOLDER } from './runner.ts';

describe('embedded migrations', () => {
  it('are exactly the migrations folder (run `pnpm --filter @sv-sdk/kit db:generate` when this fails)', async () => {
    const fromFolder = await loadMigrationsFromFolder(MIGRATIONS_FOLDER);
    expect(EMBEDDED_MIGRATIONS).toEqual(fromFolder);
    const file = await readFile(resolve(import.meta.dirname, 'embedded.generated.ts'), 'utf8');
    expect(file).toBe(renderEmbeddedMigrations(fromFolder));
  });

  it('are what the runner uses by default', async () => {
    const sources = await loadMigrations();
    expect(sources.map((source) => source.name)).toEqual(EMBEDDED_MIGRATIONS.map((source) => source.name));
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((source) => typeof source.sql === 'string' && source.sql.length > 0)).toBe(true);
  });
});
