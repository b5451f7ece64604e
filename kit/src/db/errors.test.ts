import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, toDatabaseError } from './errors.ts';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('isDatabaseUnavailable', () => {
  it('says yes for a connection that failed or a server going away, wherever it sits in the cause chain', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '08006', '57P01', '57P03', '53300']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
      const drizzle = new DrizzleQueryError('select 1', [], withCode(code));
      expect(isDatabaseUnavailable(drizzle), `drizzle ${code}`).toBe(true);
      expect(isDatabaseUnavailable(toDatabaseError(drizzle, 'Query')), `wrapped ${code}`).toBe(true);
    }
  });

  it('says no for a query that was wrong, and for errors that are not the database’s', () => {
    for (const code of ['23505', '42P01', '22P02', '57014'])
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
