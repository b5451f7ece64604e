// Benches of the security layer, each beside its baseline from the same run: `node bench/run.ts security`.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { timeAlternately, type BenchSuite } from '../../bench/harness.ts';
import { loadZxcvbn, createPasswordPolicy } from './password-policy.ts';
import { createRateLimiter } from './rate-limit/limiter.ts';
import { constantTimeEqual } from './secrets.ts';

const REDIS_URL = process.env.SV_SDK_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Limits no bench reaches, so every call is an allowed one (the hot path). */
const POINTS = 1_000_000_000;
const BENCH_POLICY = { 'bench-api': { limits: { client: { points: POINTS, duration: 600 } } } };

const suite: BenchSuite = async (bench) => {
  // ── Rate limit, memory ─────────────────────────────────────────────────────────────────────────────────────
  {
    const raw = new RateLimiterMemory({ points: POINTS, duration: 600, keyPrefix: 'raw' });
    const ours = createRateLimiter({ policies: BENCH_POLICY });
    const { baseline, subject } = await timeAlternately(
      bench,
      ['raw RateLimiterMemory.consume', () => raw.consume('user-123')],
      ['rateLimiter.consume (memory)', () => ours.consume('bench-api', { client: 'user-123' })],
      { timeMs: 500, warmupMs: 150 },
    );
    // For reference: the same raw call plus the one `.then` any caller needs to turn the library's rejection into
    // an error of its own. That promise hop (~80-100 ns here) is most of the gap to the bare call above.
    const mapped = new RateLimiterMemory({ points: POINTS, duration: 600, keyPrefix: 'map' });
    const toError = (reason: unknown) => {
      throw reason;
    };
    const toResult = (res: { remainingPoints: number }) => ({ remaining: res.remainingPoints });
    const { baseline: rawMapped, subject: oursAgain } = await timeAlternately(
      bench,
      ['raw RateLimiterMemory.consume + .then', () => mapped.consume('user-123').then(toResult, toError)],
      ['rateLimiter.consume (memory)', () => ours.consume('bench-api', { client: 'user-123' })],
      { timeMs: 500, warmupMs: 150 },
    );
    bench.record({
      id: 'security.rate-limit.memory-vs-mapped',
      title: 'rate-limit consume, memory, vs raw consume + one .then (printed only)',
      value: oursAgain.p50Ns,
      unit: 'ns p50',
      baseline: { name: 'raw consume + .then', value: rawMapped.p50Ns },
      ratio: Math.round((oursAgain.p50Ns / rawMapped.p50Ns) * 1000) / 1000,
      target: 'printed only',
      pass: true,
    });
    bench.latencyRatio({
      id: 'security.rate-limit.memory',
      title: 'rate-limit consume, memory',
      subject,
      baseline,
      baselineName: 'raw RateLimiterMemory',
      maxRatio: 1.2,
    });
  }

  // ── Rate limit, Redis ──────────────────────────────────────────────────────────────────────────────────────
  {
    const prefix = `sv-sdk-bench-${randomBytes(4).toString('hex')}`;
    const client = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    await client.connect();
    try {
      const raw = new RateLimiterRedis({
        storeClient: client,
        points: POINTS,
        duration: 600,
        keyPrefix: `${prefix}:raw`,
      });
      const ours = createRateLimiter({ store: { type: 'redis', client }, keyPrefix: prefix, policies: BENCH_POLICY });
      const { baseline, subject } = await timeAlternately(
        bench,
        ['raw RateLimiterRedis.consume', () => raw.consume('user-123')],
        ['rateLimiter.consume (redis)', () => ours.consume('bench-api', { client: 'user-123' })],
        { timeMs: 700, warmupMs: 200 },
      );
      bench.latencyRatio({
        id: 'security.rate-limit.redis',
        title: 'rate-limit consume, Redis (loopback)',
        subject,
        baseline,
        baselineName: 'raw RateLimiterRedis',
        maxRatio: 1.2,
      });
    } finally {
      const keys = await client.keys(`${prefix}:*`);
      if (keys.length > 0) await client.del(...keys);
      client.disconnect();
    }
  }

  // ── Password policy ────────────────────────────────────────────────────────────────────────────────────────
  {
    const policy = createPasswordPolicy();
    const zxcvbn = await loadZxcvbn();
    const password = 'violet-Tractor-harbour-91-quilt';
    const context = { email: 'ann.lee@example.com', name: 'Ann Lee' };
    await policy.check(password, context); // loads the dictionaries and the breach list outside the timing
    const options = { timeMs: 3000, warmupMs: 500 };
    const baseline = await bench.time('bare zxcvbn.check', () => zxcvbn.check(password), options);
    const subject = await bench.time('passwordPolicy.check', () => policy.check(password, context), options);
    bench.latencyRatio({
      id: 'security.password-policy',
      title: 'password policy check (zxcvbn + personal words + offline breach list)',
      subject,
      baseline,
      baselineName: 'bare zxcvbn.check',
      maxRatio: 1.5,
    });
  }

  // ── Constant-time comparison (printed for reference: it is meant to be slower than ===) ────────────────────
  {
    const a = randomBytes(32).toString('base64url');
    const b = `${a.slice(0, -1)}${a.endsWith('A') ? 'B' : 'A'}`;
    let sink = false;
    const baseline = await bench.time('=== on two tokens', () => {
      sink = a === b;
    });
    const subject = await bench.time('constantTimeEqual on two tokens', () => {
      sink = constantTimeEqual(a, b);
    });
    if (sink) throw new Error('unreachable: the tokens differ');
    bench.record({
      id: 'security.constant-time-equal',
      title: 'constantTimeEqual (sha256 + timingSafeEqual) vs ===',
      value: subject.p50Ns,
      unit: 'ns p50',
      baseline: { name: '===', value: baseline.p50Ns },
      ratio: Math.round((subject.p50Ns / baseline.p50Ns) * 10) / 10,
      target: 'printed only (constant time costs two hashes)',
      pass: true,
    });
  }
};

export default suite;
