import { describe, expect, it } from 'vitest';
import { afterRun, canRetry, leaseExpiredMessage } from './state.ts';

const job = (attempts: number, maxAttempts = 3) => ({ attempts, maxAttempts, backoff: { baseMs: 100, jitter: 0 } });

describe('afterRun', () => {
  it('completes', () => {
    expect(afterRun(job(1), { type: 'completed' })).toEqual({ status: 'completed' });
  });

  it('retries a failure with exponential backoff while attempts remain', () => {
    expect(afterRun(job(1), { type: 'failed', error: 'boom' })).toEqual({
      status: 'waiting',
      delayMs: 100,
      attempts: 1,
      lastError: 'boom',
    });
    expect(afterRun(job(2), { type: 'failed', error: 'boom' })).toEqual({
      status: 'waiting',
      delayMs: 200,
      attempts: 2,
      lastError: 'boom',
    });
  });

  it('dead-letters the last failed attempt with its error', () => {
    expect(afterRun(job(3), { type: 'failed', error: 'still boom' })).toEqual({
      status: 'dead',
      lastError: 'still boom',
    });
  });

  it('dead-letters a permanent failure at once', () => {
    expect(afterRun(job(1, 10), { type: 'failed', error: 'no such user', permanent: true })).toEqual({
      status: 'dead',
      lastError: 'no such user',
    });
  });

  it('returns a job whose worker died to waiting at once, and dead on its last attempt', () => {
    expect(afterRun(job(1), { type: 'lease-expired' })).toEqual({
      status: 'waiting',
      delayMs: 0,
      attempts: 1,
      lastError: leaseExpiredMessage(1),
    });
    expect(afterRun(job(3), { type: 'lease-expired' })).toEqual({ status: 'dead', lastError: leaseExpiredMessage(3) });
  });

  it('gives the attempt back when a shutting-down worker releases a job', () => {
    expect(afterRun(job(3), { type: 'released' })).toEqual({
      status: 'waiting',
      delayMs: 0,
      attempts: 2,
      lastError: undefined,
    });
    expect(afterRun(job(0), { type: 'released' })).toMatchObject({ attempts: 0 });
  });
});

describe('canRetry', () => {
  it('retries dead jobs only', () => {
    expect(canRetry('dead')).toBe(true);
    expect(canRetry('waiting')).toBe(false);
    expect(canRetry('active')).toBe(false);
    expect(canRetry('completed')).toBe(false);
  });
});
