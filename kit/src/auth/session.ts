import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { SecondaryStorage } from 'better-auth';
import type { Database } from '../db/types.ts';
import { session as sessionTable, user as userTable } from './schema.ts';
import type { AuthSession, AuthSessionRecord, AuthSessionUser } from './types.ts';

/** What the fast session lookup needs from better-auth's context (resolved once at start). */
export interface SessionLookupInput {
  db: Database;
  storage: SecondaryStorage;
  /** Session cookie names to try, in order (`__Secure-` first when served over https). */
  cookieNames: readonly string[];
  secret: string;
  expiresInSeconds: number;
  updateAgeSeconds: number;
  /** better-auth's own lookup (refreshes a session due for renewal and sets its cookie). */
  slowPath: (headers: Headers) => Promise<AuthSession | null>;
}

interface CachedSession {
  session: Record<string, unknown> & { id: string; userId: string; expiresAt: string; createdAt: string };
  user: Record<string, unknown> & { id: string };
}

const MEMO_LIMIT = 2048;

/** Reads one cookie from a Cookie header without parsing the others. */
export function readCookie(header: string, name: string): string | undefined {
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    let nameStart = start;
    while (header.charCodeAt(nameStart) === 32) nameStart += 1;
    const eq = header.indexOf('=', nameStart);
    if (eq !== -1 && eq < end && eq - nameStart === name.length && header.startsWith(name, nameStart)) {
      const raw = header.slice(eq + 1, end).trim();
      try {
        return raw.includes('%') ? decodeURIComponent(raw) : raw;
      } catch {
        return undefined;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * The session lookup behind `auth.getSession(headers)`: checks the cookie's HMAC (better-call's signed-cookie
 * format `token.base64(hmac-sha256)`), then reads the session cache. A hit costs a hash and an in-process read; a
 * miss reads the session row joined with its user once and puts it back in the cache. Anything unusual (a session
 * due for its sliding renewal, a malformed entry) goes through better-auth's own `getSession`.
 */
export function createSessionLookup(input: SessionLookupInput) {
  const memo = new Map<
    string,
    { raw: string; value: AuthSession; userId: string; createdAt: number; expiresAt: number; refreshAt: number }
  >();
  const { storage } = input;
  const peek = (storage as { peek?: (key: string) => unknown }).peek;
  const secret = input.secret;

  const verifyCookie = (value: string): string | undefined => {
    const dot = value.lastIndexOf('.');
    if (dot < 1) return undefined;
    const token = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    if (signature.length !== 44) return undefined;
    const expected = createHmac('sha256', secret).update(token).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return token;
  };

  const toSession = (cached: CachedSession): AuthSession => {
    const { token: _token, ...s } = cached.session;
    const u = cached.user;
    const date = (value: unknown) => (value == null ? null : new Date(value as string));
    return {
      session: {
        ...s,
        expiresAt: new Date(s.expiresAt),
        createdAt: new Date(s.createdAt),
        updatedAt: new Date(s.updatedAt as string),
      } as unknown as AuthSessionRecord,
      user: {
        ...u,
        createdAt: new Date(u.createdAt as string),
        updatedAt: new Date(u.updatedAt as string),
        banExpires: date(u.banExpires),
        deletedAt: date(u.deletedAt),
      } as unknown as AuthSessionUser,
    };
  };

  const revokedBefore = async (userId: string): Promise<number> => {
    const key = `revoked-sessions-before-${userId}`;
    const local = peek?.call(storage, key);
    const raw = local !== undefined ? local : await storage.get(key);
    return Number(raw) || 0;
  };

  async function fromDatabase(token: string): Promise<AuthSession | null> {
    const [row] = await input.db.drizzle
      .select({ session: sessionTable, user: userTable })
      .from(sessionTable)
      .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
      .where(and(eq(sessionTable.token, token), gt(sessionTable.expiresAt, new Date())))
      .limit(1);
    if (!row || row.user.deletedAt) return null;
    const ttl = Math.floor((row.session.expiresAt.getTime() - Date.now()) / 1000);
    if (ttl > 0) await storage.set(token, JSON.stringify({ session: row.session, user: row.user }), ttl);
    const { token: _token, ...record } = row.session;
    return { session: record as AuthSessionRecord, user: row.user as unknown as AuthSessionUser };
  }

  return async function getSession(headers: Headers): Promise<AuthSession | null> {
    const cookieHeader = headers.get('cookie');
    if (!cookieHeader) return null;
    let cookie: string | undefined;
    for (const name of input.cookieNames) {
      cookie = readCookie(cookieHeader, name);
      if (cookie) break;
    }
    if (!cookie) return null;
    const token = verifyCookie(cookie);
    if (!token) return null;

    const local = peek?.call(storage, token);
    const raw = (local !== undefined ? local : await storage.get(token)) as string | null | undefined;
    const now = Date.now();
    if (raw) {
      let entry = memo.get(token);
      if (!entry || entry.raw !== raw) {
        let parsed: CachedSession;
        try {
          parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as CachedSession;
        } catch {
          return input.slowPath(headers);
        }
        const value = toSession(parsed);
        const expiresAt = value.session.expiresAt.getTime();
        entry = {
          raw,
          value,
          userId: value.session.userId,
          createdAt: value.session.createdAt.getTime(),
          expiresAt,
          refreshAt: expiresAt - input.expiresInSeconds * 1000 + input.updateAgeSeconds * 1000,
        };
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(token, entry);
      }
      if (entry.expiresAt <= now) return null;
      if (entry.createdAt < (await revokedBefore(entry.userId))) return null;
      // Sliding expiry: better-auth renews the session (and its cookie) once `updateAge` has passed.
      if (entry.refreshAt <= now) return input.slowPath(headers);
      return entry.value;
    }
    memo.delete(token);
    const found = await fromDatabase(token);
    if (!found) return null;
    if (found.session.createdAt.getTime() < (await revokedBefore(found.session.userId))) return null;
    return found;
  };
}
