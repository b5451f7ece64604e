import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sdkError } from './errors.ts';
import { scrubQueryParams, serializeError } from './log-errors.ts';
import { createLogger } from './logger.ts';

function capture() {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString());
      callback();
    },
  });
  const lines = () => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { raw, lines, logger: createLogger({ level: 'debug', destination }) };
}

const EMAIL = 'ann.secret@example.com';
const TOKEN = 'Y5SbHBmlU3fA0z4ur3Gtxvb0QzfUPygH';
const SQL = 'select "id", "email" from "auth"."user" where "auth"."user"."email" = $1 and "token" = $2';

/** What postgres-js throws for an error the server sent (its `PostgresError`: the fields are own properties). */
function postgresError(fields: Record<string, unknown>): Error {
  class PostgresError extends Error {
    constructor(message: string) {
      super(message);
      this.name = 'PostgresError';
    }
  }
  const error = new PostgresError(String(fields.message));
  Object.assign(error, { severity: 'ERROR', severity_local: 'ERROR', ...fields });
  // postgres-js keeps the query and its parameters as non-enumerable properties (enumerable with `debug`).
  Object.defineProperty(error, 'parameters', { value: [EMAIL, TOKEN], enumerable: false });
  return error;
}

describe('serializeError', () => {
  it('writes a failed Drizzle query by shape and code, without its parameters, in message, stack or fields', () => {
    const cause = postgresError({
      message: 'database "app" is not currently accepting connections',
      code: '55000',
      severity: 'FATAL',
    });
    const error = new DrizzleQueryError(SQL, [EMAIL, TOKEN], cause);
    const { raw, lines, logger } = capture();
    logger.error({ err: error }, `sign-in failed: ${error.message}`);
    const text = raw.join('');
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(TOKEN);
    const line = lines()[0] as { msg: string; err: Record<string, unknown> };
    expect(line.err).toMatchObject({
      type: 'DrizzleQueryError',
      message: 'Failed query',
      code: '55000',
      query: SQL,
      cause: {
        type: 'PostgresError',
        code: '55000',
        severity: 'FATAL',
        message: 'database "app" is not currently accepting connections',
      },
    });
    expect(String(line.err.stack)).toMatch(/^DrizzleQueryError: Failed query\n\s+at /);
    expect(String(line.err.stack)).toContain('log-errors.test.ts');
    // A message that copied the error's text loses the parameters, keeps the query.
    expect(line.msg).toContain('where "auth"."user"."email" = $1');
    expect(line.msg).toContain('params: [redacted]');
  });

  it('follows our DATABASE_ERROR and any cause chain, and an error passed as the first argument', () => {
    const drizzle = new DrizzleQueryError(SQL, [EMAIL], postgresError({ message: 'boom', code: '57P01' }));
    const wrapped = sdkError('DATABASE_ERROR', {
      message: '[sv-sdk] [db] Query failed (SQLSTATE 57P01).',
      details: { sqlState: '57P01' },
      cause: drizzle,
    });
    const outer = new Error(`request failed: ${drizzle.message}`, { cause: wrapped });
    const { raw, lines, logger } = capture();
    logger.error(outer);
    logger.warn({ error: wrapped }, 'under `error`');
    expect(raw.join('')).not.toContain(EMAIL);
    const [first, second] = lines() as { err?: Record<string, unknown>; error?: Record<string, unknown> }[];
    expect(first?.err).toMatchObject({
      type: 'Error',
      message: expect.stringContaining('params: [redacted]') as unknown,
      cause: {
        type: 'SDKError',
        code: 'DATABASE_ERROR',
        status: 500,
        details: { sqlState: '57P01' },
        cause: { type: 'DrizzleQueryError', code: '57P01', query: SQL, cause: { code: '57P01' } },
      },
    });
    expect(second?.error).toMatchObject({ type: 'SDKError', code: 'DATABASE_ERROR' });
  });

  it("drops a server error's detail, values quoted by data exceptions, and PGlite's params and options", () => {
    const unique = postgresError({
      message: 'duplicate key value violates unique constraint "user_email_unique"',
      code: '23505',
      detail: `Key (email)=(${EMAIL}) already exists.`,
      schema_name: 'auth',
      table_name: 'user',
      constraint_name: 'user_email_unique',
    });
    expect(serializeError(unique)).toEqual({
      type: 'PostgresError',
      message: 'duplicate key value violates unique constraint "user_email_unique"',
      code: '23505',
      severity: 'ERROR',
      schema_name: 'auth',
      table_name: 'user',
      constraint_name: 'user_email_unique',
      stack: expect.stringMatching(/^PostgresError: duplicate key/) as unknown,
    });
    const invalid = postgresError({ message: `invalid input syntax for type uuid: "${TOKEN}"`, code: '22P02' });
    expect(JSON.stringify(serializeError(invalid))).not.toContain(TOKEN);
    // PGlite: a minified class named `error`, with the query, its params and the query options attached.
    const pglite = Object.assign(new (class O extends Error {})('relation "nope" does not exist'), {
      name: 'error',
      severity: 'ERROR',
      code: '42P01',
      query: 'select * from nope where x = $1',
      params: [EMAIL],
      queryOptions: { parsers: {}, secret: TOKEN },
    });
    const serialized = serializeError(pglite) as Record<string, unknown>;
    expect(serialized).toMatchObject({
      type: 'DatabaseError',
      code: '42P01',
      query: 'select * from nope where x = $1',
    });
    expect(JSON.stringify(serialized)).not.toMatch(new RegExp(`${EMAIL}|${TOKEN}`));
  });

  it('keeps connection errors readable (code, errno, address) and other errors as pino did', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
      address: '127.0.0.1',
      port: 5432,
    });
    expect(serializeError(new AggregateError([refused], 'all failed'))).toMatchObject({
      type: 'AggregateError',
      message: 'all failed',
      aggregateErrors: [{ type: 'Error', code: 'ECONNREFUSED', errno: -111, address: '127.0.0.1', port: 5432 }],
    });
    class HttpError extends Error {
      status = 502;
      body = { reason: 'upstream' };
    }
    expect(serializeError(new HttpError('bad gateway'))).toMatchObject({
      type: 'HttpError',
      message: 'bad gateway',
      status: 502,
      body: { reason: 'upstream' },
    });
    // Cycles end.
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(serializeError(a)).toMatchObject({ message: 'a', cause: { message: 'b' } });
    expect(serializeError('not an error')).toBe('not an error');
  });

  it('scrubQueryParams leaves text without a failed query alone', () => {
    expect(scrubQueryParams('params: x')).toBe('params: x');
    expect(scrubQueryParams(`Failed query: select $1\nparams: ${EMAIL}\nmore`)).toBe(
      'Failed query: select $1\nparams: [redacted]',
    );
  });
});
