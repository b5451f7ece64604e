import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogThrottle, logThrottleOf } from './log-throttle.ts';
import { createLogger } from './logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

const WARN = 40;
const INFO = 30;

describe('log throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs the first occurrence, then one line per 10 s with the count left out, then the recovery', () => {
    const { lines, logger } = capture();
    const throttle = createLogThrottle(logger);
    const fail = () => throttle.log('redis', 'warn', { err: new Error('ECONNREFUSED') }, 'Redis unreachable');

    expect(fail()).toBe(true);
    // An outage of 25 s with a failure every 100 ms (reconnect attempts, requests): 250 occurrences.
    let written = 1;
    for (let i = 1; i < 250; i++) {
      vi.advanceTimersByTime(100);
      if (fail()) written++;
    }
    expect(written).toBe(3);
    expect(lines.map(({ level, msg, suppressed }) => ({ level, msg, suppressed }))).toEqual([
      { level: WARN, msg: 'Redis unreachable', suppressed: 0 },
      { level: WARN, msg: 'Redis unreachable', suppressed: 99 },
      { level: WARN, msg: 'Redis unreachable', suppressed: 99 },
    ]);
    expect(lines[0]?.err).toMatchObject({ type: 'Error', message: 'ECONNREFUSED' });
    expect(throttle.failing('redis')).toBe(true);

    vi.advanceTimersByTime(100);
    expect(throttle.recovered('redis', 'Redis reachable again', { connection: 'cache' })).toBe(true);
    expect(lines[3]).toMatchObject({
      level: INFO,
      msg: 'Redis reachable again',
      connection: 'cache',
      suppressed: 49,
      durationMs: 25_000,
    });
    expect(throttle.failing('redis')).toBe(false);
    // Recovered once; a second 'ready' says nothing.
    expect(throttle.recovered('redis', 'Redis reachable again')).toBe(false);
    expect(lines).toHaveLength(4);

    // The next outage is logged at once, with a fresh count.
    vi.advanceTimersByTime(1000);
    expect(fail()).toBe(true);
    expect(lines[4]).toMatchObject({ level: WARN, suppressed: 0 });
  });

  it('keeps keys apart, takes the level and interval given, and a quiet key logs again after the interval', () => {
    const { lines, logger } = capture();
    const throttle = createLogThrottle(logger, { intervalMs: 1000 });
    throttle.log('queue', 'warn', {}, 'queue');
    throttle.log('store', 'error', {}, 'store');
    throttle.log('queue', 'warn', {}, 'queue');
    expect(lines.map((line) => [line.msg, line.level])).toEqual([
      ['queue', WARN],
      ['store', 50],
    ]);
    vi.advanceTimersByTime(1000);
    throttle.log('queue', 'warn', {}, 'queue');
    expect(lines[2]).toMatchObject({ msg: 'queue', suppressed: 1 });
    // Nothing was logged for a key that never failed: no recovery line either.
    expect(throttle.recovered('other', 'never failed')).toBe(false);
    expect(lines).toHaveLength(3);
  });

  it('logThrottleOf gives one throttle per logger', () => {
    const a = capture().logger;
    const b = capture().logger;
    expect(logThrottleOf(a)).toBe(logThrottleOf(a));
    expect(logThrottleOf(a)).not.toBe(logThrottleOf(b));
  });
});
