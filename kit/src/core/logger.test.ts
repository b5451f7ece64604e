import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { runWithRequestContext } from './request-context.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('logger', () => {
  it('redacts secrets, passwords, tokens and cookies at any of the first levels', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'hunter2',
        token: 'tok-123',
        user: { email: 'a@b.c', password: 'hunter3', passwordHash: 'x' },
        req: { headers: { cookie: 'session=abc', authorization: 'Bearer xyz', 'set-cookie': 's=1' } },
        BETTER_AUTH_SECRET: 'sekret',
      },
      'signed in',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['hunter2', 'hunter3', 'tok-123', 'session=abc', 'Bearer xyz', 's=1', 'sekret']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('a@b.c');
    expect(lines[0]?.password).toBe('[redacted]');
  });

  it('puts the request id of the current request on every line', async () => {
    const { lines, logger } = capture();
    await runWithRequestContext({ requestId: 'req-42' }, async () => {
      await Promise.resolve();
      logger.info('inside');
    });
    logger.info('outside');
    expect(lines[0]?.requestId).toBe('req-42');
    expect(lines[1]?.requestId).toBeUndefined();
  });

  it('generates a request id when none is given', () => {
    const { lines, logger } = capture();
    runWithRequestContext({}, () => logger.info('x'));
    expect(lines[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
