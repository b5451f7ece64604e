import { describe, expect, it } from 'vitest';
import { computeBackoff, DEFAULT_MAX_BACKOFF_MS } from './backoff.ts';

describe('computeBackoff', () => {
  it('doubles from the base delay with each attempt', () => {
    const policy = { baseMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((attempt) => computeBackoff(attempt, policy))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('never exceeds the cap, even for absurd attempt numbers', () => {
    expect(computeBackoff(30, { baseMs: 1000, jitter: 0 })).toBe(DEFAULT_MAX_BACKOFF_MS);
    expect(computeBackoff(10_000, { baseMs: 1000, maxMs: 5000, jitter: 0 })).toBe(5000);
    expect(Number.isFinite(computeBackoff(Number.MAX_SAFE_INTEGER, { baseMs: 1 }))).toBe(true);
  });

  it('takes at most the jitter fraction off, never adds to the delay', () => {
    const policy = { baseMs: 1000, jitter: 0.2 };
    expect(computeBackoff(1, policy, () => 0)).toBe(1000);
    expect(computeBackoff(1, policy, () => 1)).toBe(800);
    expect(computeBackoff(1, policy, () => 0.5)).toBe(900);
    // The cap applies before jitter: a capped delay stays within [cap × 0.8, cap].
    const capped = computeBackoff(40, { baseMs: 1000, maxMs: 10_000, jitter: 0.2 }, () => 0.99);
    expect(capped).toBeGreaterThanOrEqual(8000);
    expect(capped).toBeLessThanOrEqual(10_000);
  });

  it('spreads delays drawn with the real random source', () => {
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoff(3, { baseMs: 1000 })));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(3200);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('treats a zero base as "retry at once" and clamps bad inputs', () => {
    expect(computeBackoff(5, { baseMs: 0 })).toBe(0);
    expect(computeBackoff(0, { baseMs: 100, jitter: 0 })).toBe(100);
    expect(computeBackoff(2, { baseMs: 100, jitter: 5 }, () => 1)).toBe(0);
    expect(computeBackoff(2, { baseMs: 100, jitter: -1 }, () => 1)).toBe(200);
  });
});
