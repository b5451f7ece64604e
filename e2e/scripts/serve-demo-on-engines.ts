// Serves the built demo on the real engines: a scratch PostgreSQL database and a Redis key prefix of its own,
// removed again when Playwright stops the server (SIGTERM).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createScratchPostgresDatabase } from '@sv-sdk/kit/testing';
import { Redis } from 'ioredis';

const port = process.env.PORT ?? '4174';
const redisUrl = process.env.SV_SDK_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `sv-sdk-e2e-${randomBytes(4).toString('hex')}`;
const scratch = await createScratchPostgresDatabase();

const server = spawn(process.execPath, [resolve(import.meta.dirname, '../../examples/demo/build')], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    DATABASE_URL: scratch.url,
    DB_MIGRATE_ON_START: 'true',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  },
});

let cleaning: Promise<void> | undefined;
async function removeEverything(): Promise<void> {
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  await scratch.drop();
}
// Both the signal and the server's own exit come here; whichever is first does the work, both wait for it.
async function cleanUp(code: number): Promise<never> {
  cleaning ??= removeEverything();
  await cleaning;
  process.exit(code);
}
server.on('exit', (code) => void cleanUp(code ?? 1));
process.on('SIGTERM', () => void cleanUp(0));
process.on('SIGINT', () => void cleanUp(0));
