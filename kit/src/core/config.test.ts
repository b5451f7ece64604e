import { describe, expect, it } from 'vitest';
import { isSDKError } from './errors.ts';
import { resolveCoreConfig } from './config.ts';

describe('resolveCoreConfig', () => {
  it('runs embedded with nothing configured', () => {
    const config = resolveCoreConfig({});
    expect(config.database).toBe('pglite');
    expect(config.SV_SDK_DATA_DIR).toBe('.sv-sdk/data');
    expect(config.DB_MIGRATE_ON_START).toBe(true);
    expect(config.LOG_FORMAT).toBe('pretty');
    expect(config.DB_POOL_SIZE).toBe(10);
  });

  it('switches to PostgreSQL with DATABASE_URL and then migrates only when asked', () => {
    const config = resolveCoreConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      NODE_ENV: 'production',
      DB_POOL_SIZE: '25',
    });
    expect(config.database).toBe('postgres');
    expect(config.DB_MIGRATE_ON_START).toBe(false);
    expect(config.DB_POOL_SIZE).toBe(25);
    expect(config.LOG_FORMAT).toBe('json');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('treats empty strings from .env files as unset', () => {
    expect(resolveCoreConfig({ DATABASE_URL: '', REDIS_URL: '' }).database).toBe('pglite');
  });

  it('lets options win over env', () => {
    expect(resolveCoreConfig({ DB_POOL_SIZE: '5' }, { DB_POOL_SIZE: 7 }).DB_POOL_SIZE).toBe(7);
  });

  it('parses booleans written the ways people write them', () => {
    expect(resolveCoreConfig({ JOBS_WORKER: 'off' }).JOBS_WORKER).toBe(false);
    expect(
      resolveCoreConfig({ DB_MIGRATE_ON_START: 'yes', DATABASE_URL: 'postgresql://h/db' }).DB_MIGRATE_ON_START,
    ).toBe(true);
  });

  it('names every bad variable and what it expects, without printing values', () => {
    const secret = 'mysql://root:hunter2@db/app';
    try {
      resolveCoreConfig({ DATABASE_URL: secret, DB_POOL_SIZE: 'lots', LOG_LEVEL: 'loud' });
      expect.unreachable('a bad configuration must throw');
    } catch (error) {
      expect(isSDKError(error, 'CONFIG_INVALID')).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL: expected a PostgreSQL URL');
      expect(message).toContain('DB_POOL_SIZE');
      expect(message).toContain('LOG_LEVEL');
      expect(message).not.toContain('hunter2');
      expect(JSON.stringify(error)).not.toContain('hunter2');
    }
  });

  it('rejects a pool size out of range', () => {
    expect(() => resolveCoreConfig({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE/);
  });
});
