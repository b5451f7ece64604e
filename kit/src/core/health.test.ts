import { describe, expect, it } from 'vitest';
import { aggregateHealth, runHealthCheck } from './health.ts';

describe('health', () => {
  it('is down when any check is down, degraded when any is degraded', () => {
    expect(aggregateHealth({ db: { status: 'up' }, cache: { status: 'up' } }).status).toBe('ok');
    expect(aggregateHealth({ db: { status: 'up' }, cache: { status: 'degraded' } }).status).toBe('degraded');
    expect(aggregateHealth({ db: { status: 'down' }, cache: { status: 'degraded' } }).status).toBe('down');
  });

  it('turns a throwing or hanging check into down, with latency', async () => {
    const thrown = await runHealthCheck(() => {
      throw new Error('secret host 10.0.0.1');
    }, 100);
    expect(thrown).toMatchObject({ status: 'down', message: 'check failed' });
    const hung = await runHealthCheck(() => new Promise(() => {}), 30);
    expect(hung.status).toBe('down');
    expect(hung.message).toContain('30 ms');
    const ok = await runHealthCheck(async () => ({ status: 'up' as const }), 100);
    expect(ok.status).toBe('up');
    expect(typeof ok.latencyMs).toBe('number');
  });
});
