// The repository's operational files are part of the product: docker-compose.yml must be right for users even
// though no Docker engine runs in CI, and .env.example must document every variable the kit reads.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { coreConfigSchema } from '../src/core/config.ts';
import { authConfigSchema } from '../src/auth/config.ts';
import { securityConfigSchema } from '../src/security/plugin.ts';

const root = resolve(import.meta.dirname, '..', '..');

interface ComposeService {
  image: string;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  environment?: Record<string, string>;
  command?: string[];
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, ComposeService>;
    volumes: Record<string, unknown>;
  };

  it('runs PostgreSQL 16 and Redis 7 with health checks and named volumes', () => {
    const { postgres, redis } = compose.services;
    expect(postgres?.image).toMatch(/^postgres:16(\b|-)/);
    expect(redis?.image).toMatch(/^redis:7(\b|-)/);
    for (const service of [postgres, redis]) {
      expect(service?.healthcheck?.test).toBeDefined();
      expect(service?.healthcheck?.retries).toBeGreaterThan(0);
    }
    expect(postgres?.volumes).toContain('postgres_data:/var/lib/postgresql/data');
    expect(redis?.volumes).toContain('redis_data:/data');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['postgres_data', 'redis_data']));
  });

  it('publishes ports on loopback only and requires a Redis password', () => {
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) expect(port.startsWith('127.0.0.1:')).toBe(true);
    }
    expect(compose.services.redis?.command?.join(' ')).toContain('--requirepass');
  });

  it('mounts an init script that exists and creates every schema of the kit', () => {
    const mount = compose.services.postgres?.volumes?.find((volume) => volume.includes('docker-entrypoint-initdb.d'));
    expect(mount).toBeDefined();
    const file = resolve(root, (mount as string).split(':')[0] as string);
    expect(existsSync(file)).toBe(true);
    const sql = readFileSync(file, 'utf8');
    for (const schema of ['auth', 'email', 'audit', 'permissions', 'sv_sdk']) {
      expect(sql).toContain(`CREATE SCHEMA IF NOT EXISTS ${schema};`);
    }
  });
});

describe('.env.example', () => {
  const text = readFileSync(resolve(root, '.env.example'), 'utf8');
  const documented = new Set([...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));

  it('documents every variable of the configuration schemas (core and plugins)', () => {
    const names = [
      ...Object.keys(coreConfigSchema.shape),
      ...Object.keys(securityConfigSchema.shape),
      ...Object.keys(authConfigSchema.shape),
    ];
    const missing = names.filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('is itself a valid configuration (its defaults are safe)', async () => {
    const { resolveCoreConfig } = await import('../src/core/config.ts');
    const env = Object.fromEntries(
      [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(resolveCoreConfig(env).database).toBe('pglite');
  });
});
