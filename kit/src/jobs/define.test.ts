import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { isSDKError } from '../core/errors.ts';
import { defineJob, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS } from './define.ts';
import { createJobContext, JobRegistry, prepareJob } from './registry.ts';
import { isPermanentJobError } from './errors.ts';
import type { JobContext } from './types.ts';

const welcome = defineJob({
  name: 'email.welcome',
  schema: z.object({ userId: z.string(), email: z.email(), locale: z.string().default('en') }),
  handler: async () => {},
});

const context = (name: string): JobContext => ({
  id: 'j1',
  name,
  attempt: 1,
  maxAttempts: 1,
  signal: new AbortController().signal,
});

describe('defineJob', () => {
  it('keeps the name as a literal type and types the handler with the parsed payload', () => {
    expectTypeOf(welcome.name).toEqualTypeOf<'email.welcome'>();
    const typed = defineJob({
      name: 'typed',
      schema: z.object({ n: z.coerce.number() }),
      handler: async (payload) => {
        expectTypeOf(payload).toEqualTypeOf<{ n: number }>();
      },
    });
    expect(typed.attempts).toBe(DEFAULT_ATTEMPTS);
    expect(typed.backoffMs).toBe(DEFAULT_BACKOFF_MS);
    expect(Object.isFrozen(typed)).toBe(true);
  });

  it('refuses bad names and retry policies with a message naming the job', () => {
    const base = { schema: z.object({}), handler: async () => {} };
    expect(() => defineJob({ ...base, name: '' })).toThrow(/\[sv-sdk\] \[jobs\] Invalid job name/);
    expect(() => defineJob({ ...base, name: 'has space' })).toThrow(/Invalid job name/);
    expect(() => defineJob({ ...base, name: 'ok', attempts: 0 })).toThrow(/"ok" has attempts = 0/);
    expect(() => defineJob({ ...base, name: 'ok', attempts: 1.5 })).toThrow(/attempts/);
    expect(() => defineJob({ ...base, name: 'ok', backoffMs: -1 })).toThrow(/backoffMs/);
  });
});

describe('prepareJob', () => {
  it('checks the payload as it will be stored and resolves options against the definition', () => {
    const prepared = prepareJob(
      welcome,
      { userId: '1', email: 'ada@example.com' },
      { priority: 3, idempotencyKey: 'w:1' },
    );
    expect(prepared).toEqual({
      name: 'email.welcome',
      // The stored payload is the input, not the output: defaults are applied by the worker's parse.
      payload: { userId: '1', email: 'ada@example.com' },
      delayMs: 0,
      idempotencyKey: 'w:1',
      attempts: DEFAULT_ATTEMPTS,
      backoffMs: DEFAULT_BACKOFF_MS,
      priority: 3,
    });
  });

  it('rejects a bad payload with VALIDATION_FAILED naming the job and the field', () => {
    try {
      prepareJob(welcome, { userId: '1', email: 'not-an-email' }, undefined);
      expect.unreachable();
    } catch (error) {
      expect(isSDKError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/email\.welcome.*email/);
      expect((error as { details: unknown }).details).toMatchObject({
        job: 'email.welcome',
        issues: [{ path: 'email' }],
      });
    }
  });

  it('rejects what JSON would change: a Date where the schema wants a date', () => {
    const dated = defineJob({ name: 'dated', schema: z.object({ at: z.date() }), handler: async () => {} });
    expect(() => prepareJob(dated, { at: new Date() }, undefined)).toThrow(/Invalid payload for "dated"/);
    const bigint = defineJob({ name: 'big', schema: z.unknown(), handler: async () => {} });
    expect(() => prepareJob(bigint, 10n, undefined)).toThrow(/cannot be stored as JSON/);
    expect(() => prepareJob(bigint, undefined, undefined)).toThrow(/cannot be stored as JSON/);
  });

  it('rejects bad options (priority range, unknown keys, negative delays)', () => {
    const payload = { userId: '1', email: 'ada@example.com' };
    for (const options of [
      { priority: -1 },
      { priority: 2_097_152 },
      { delayMs: -5 },
      { attempts: 0 },
      { idempotencyKey: '' },
      { nope: 1 },
    ]) {
      expect(() => prepareJob(welcome, payload, options as never), JSON.stringify(options)).toThrow(
        /Invalid enqueue options/,
      );
    }
  });
});

describe('JobRegistry', () => {
  it('runs a registered handler with the payload parsed again (defaults applied)', async () => {
    const seen: unknown[] = [];
    const job = defineJob({
      name: 'a',
      schema: z.object({ n: z.number().default(7) }),
      handler: async (payload) => void seen.push(payload),
    });
    const registry = new JobRegistry();
    registry.register(job);
    registry.register(job); // the same definition again: fine
    await registry.run('a', {}, context('a'));
    expect(seen).toEqual([{ n: 7 }]);
    expect(() => registry.register(defineJob({ name: 'a', schema: z.object({}), handler: async () => {} }))).toThrow(
      /already registered/,
    );
  });

  it('fails an unknown job name or a stored payload that no longer parses permanently, with a clear message', async () => {
    const registry = new JobRegistry();
    registry.register(welcome);
    const unknown = await registry.run('mystery', {}, context('mystery')).catch((error: unknown) => error);
    expect(isPermanentJobError(unknown)).toBe(true);
    expect((unknown as Error).message).toMatch(/No handler is registered for the job "mystery".*"email\.welcome"/);
    const stale = await registry
      .run('email.welcome', { userId: 1 }, context('email.welcome'))
      .catch((error: unknown) => error);
    expect(isPermanentJobError(stale)).toBe(true);
    expect((stale as Error).message).toMatch(/no longer matches its schema/);
  });
});

describe('createJobContext', () => {
  it('makes the signal on first access and aborts it, also when aborted before anyone looked', () => {
    const early = createJobContext({ id: 'a', name: 'n', attempt: 1, maxAttempts: 2 });
    early.abort(new Error('shutting down'));
    expect(early.context.signal.aborted).toBe(true);
    expect((early.context.signal.reason as Error).message).toBe('shutting down');

    const late = createJobContext({ id: 'b', name: 'n', attempt: 1, maxAttempts: 2 });
    const signal = late.context.signal;
    expect(signal).toBe(late.context.signal);
    expect(signal.aborted).toBe(false);
    late.abort(new Error('lease lost'));
    expect(signal.aborted).toBe(true);
    expect(late.context).toMatchObject({ id: 'b', name: 'n', attempt: 1, maxAttempts: 2 });
  });
});
