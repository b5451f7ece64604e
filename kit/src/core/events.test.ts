import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventBus } from './events.ts';
import { createLogger } from './logger.ts';

interface TestEvents {
  'user.created': { id: string };
  'user.deleted': { id: string };
}

function bus() {
  const errors: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _e, callback) {
      errors.push(chunk.toString());
      callback();
    },
  });
  return { errors, events: new EventBus<TestEvents>(createLogger({ level: 'warn', destination })) };
}

describe('EventBus', () => {
  it('runs listeners by priority, then in registration order', async () => {
    const { events } = bus();
    const order: string[] = [];
    events.on('user.created', () => void order.push('low'), { priority: -1 });
    events.on('user.created', () => void order.push('first-default'));
    events.on('user.created', () => void order.push('high'), { priority: 10 });
    events.on('user.created', () => void order.push('second-default'));
    await events.emit('user.created', { id: '1' });
    expect(order).toEqual(['high', 'first-default', 'second-default', 'low']);
  });

  it('isolates a failing listener: the emitter and the other listeners carry on, the failure is logged', async () => {
    const { events, errors } = bus();
    const seen: string[] = [];
    events.on(
      'user.created',
      () => {
        throw new Error('boom');
      },
      { id: 'broken', priority: 1 },
    );
    events.on('user.created', async (payload) => void seen.push(payload.id));
    const result = await events.emit('user.created', { id: '7' });
    expect(seen).toEqual(['7']);
    expect(result).toEqual({ delivered: 1, failed: 1, queued: 0 });
    expect(errors.join('')).toContain('event listener failed');
    expect(errors.join('')).toContain('boom');
  });

  it('waits for async sync-delivery listeners before emit resolves', async () => {
    const { events } = bus();
    let done = false;
    events.on('user.created', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = true;
    });
    await events.emit('user.created', { id: '1' });
    expect(done).toBe(true);
  });

  it('hands queued listeners to the dispatcher, and delivers them by id', async () => {
    const { events } = bus();
    const queued: unknown[] = [];
    const handled: string[] = [];
    events.setQueuedDispatcher(async (delivery) => void queued.push(delivery));
    events.on('user.created', (payload) => void handled.push(payload.id), { delivery: 'queued', id: 'mail.welcome' });
    const result = await events.emit('user.created', { id: '9' });
    expect(result.queued).toBe(1);
    expect(handled).toEqual([]);
    expect(queued).toMatchObject([{ event: 'user.created', listenerId: 'mail.welcome', payload: { id: '9' } }]);
    await events.deliverQueued(queued[0] as never);
    expect(handled).toEqual(['9']);
  });

  it('delivers queued listeners later in process when no queue is set, isolated', async () => {
    const { events } = bus();
    const handled: string[] = [];
    events.on(
      'user.created',
      () => {
        throw new Error('queued boom');
      },
      { delivery: 'queued', id: 'a' },
    );
    events.on('user.created', (payload) => void handled.push(payload.id), { delivery: 'queued', id: 'b' });
    await events.emit('user.created', { id: '3' });
    expect(handled).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(handled).toEqual(['3']);
  });

  it('refuses a queued delivery for a listener this process does not have, so the job retries', async () => {
    const { events } = bus();
    await expect(
      events.deliverQueued({
        event: 'user.created',
        listenerId: 'gone',
        payload: { id: '1' },
        meta: { event: 'user.created', id: 'e1', emittedAt: '' },
      }),
    ).rejects.toThrow(/No queued listener "gone"/);
  });

  it('requires an id for queued listeners', () => {
    const { events } = bus();
    expect(() => events.on('user.created', () => {}, { delivery: 'queued' })).toThrow(/stable `id`/);
  });

  it('supports off() and once()', async () => {
    const { events } = bus();
    const seen: string[] = [];
    const off = events.on('user.deleted', (payload) => void seen.push(`on:${payload.id}`));
    events.once('user.deleted', (payload) => void seen.push(`once:${payload.id}`));
    await events.emit('user.deleted', { id: '1' });
    off();
    await events.emit('user.deleted', { id: '2' });
    expect(seen).toEqual(['on:1', 'once:1']);
    expect(events.listenerCount('user.deleted')).toBe(0);
  });
});
