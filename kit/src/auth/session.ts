import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import type { AuthSecondaryStorage } from './secondary-storage.ts';
import type { AuthSession, AuthSessionRecord, AuthSessionUser } from './types.ts';

/** What the fast session lookup needs from better-auth's context (resolved once at start). */
export interface SessionLookupInput {
  db: Database;
  storage: AuthSecondaryStorage;
  /** Session cookie names to try, in order (`__Secure-` first when served over https). */
  cookieNames: readonly string[];
  secret: string;
  expiresInSeconds: number;
  updateAgeSeconds: number;
  /** better-auth's own lookup (refreshes a session due for renewal and sets its cookie). */
  slowPath: (headers: Headers) => Promise<AuthSession | null>;
  /**
   * Decrypts the session's encrypted fields (`SessionFieldCodec.open`): cache entries and rows hold them sealed.
   * Runs once per cache entry (the parsed entry is memoised), never on a hit of an entry already seen.
   */
  openSession?: <T extends Record<string, unknown>>(session: T) => T;
}

interface CachedSession {
  session: Record<string, unknown> & { id: string; userId: string; expiresAt: string; createdAt: string };
  user: Record<string, unknown> & { id: string };
}

/**
 * Reads a live session (not expired, user not deleted) by token, as the cache entry better-auth writes:
 * `JSON.stringify({ session, user })` with property names, built by the database. One call of
 * `auth.session_by_token` (migration 0002_auth_session_lookup), whose plan PostgreSQL keeps per connection, through a
 * Drizzle prepared query, so postgres-js keeps the statement prepared too. Inside `db.transaction()` it runs in that
 * transaction instead (a prepared query is bound to the pool; on PGlite it would wait for the transaction: deadlock).
 */
export function createSessionReader(db: Database): (token: string) => Promise<string | undefined> {
  const root = db.drizzle;
  const call = (token: unknown) => sql`${sql.identifier('auth')}.session_by_token(${token}) as t(v)`;
  const value = sql<string>`t.v`;
  const prepared = root
    .select({ value })
    .from(call(sql.placeholder('token')))
    .prepare('sv_sdk_auth_session_by_token');
  return async (token) => {
    const current = db.drizzle;
    const [row] =
      current === root ? await prepared.execute({ token }) : await current.select({ value }).from(call(token));
    return row?.value ?? undefined;
  };
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
 * format `token.base64(hmac-sha256)`), then reads the session cache. A hit costs a hash and an in-process read. A miss
 * reads the session joined with its user in one prepared call and answers from it; the cache is refilled behind the
 * answer, unless the key was written or deleted meanwhile (sign-out, revocation: see `fill`). Both hold the session's
 * PII fields as stored (encrypted with FIELD_ENCRYPTION_KEY): they are opened once per entry, when it is parsed and
 * memoised. Anything unusual (a session due for its sliding renewal, a malformed entry) goes through better-auth's
 * own `getSession`.
 */
export function createSessionLookup(input: SessionLookupInput) {
  const memo = new Map<
    string,
    { raw: string; value: AuthSession; userId: string; createdAt: number; expiresAt: number; refreshAt: number }
  >();
  const { storage } = input;
  const secret = input.secret;
  const readSession = createSessionReader(input.db);
  // TTL of a refilled entry (its session's expiry is only known after the read): a day at most by default, and the
  // entry is checked against the session's own expiry on every read anyway.
  const refillTtlSeconds = Math.max(60, Math.min(input.updateAgeSeconds, input.expiresInSeconds));

  // Cookies whose signature was checked → their token: the same cookie comes with every request of a session.
  const verified = new Map<string, string>();
  const verifyCookie = (value: string): string | undefined => {
    const known = verified.get(value);
    if (known !== undefined) return known;
    const dot = value.lastIndexOf('.');
    if (dot < 1) return undefined;
    const token = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    if (signature.length !== 44) return undefined;
    const expected = createHmac('sha256', secret).update(token).digest();
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (verified.size >= MEMO_LIMIT) verified.clear();
    verified.set(value, token);
    return token;
  };

  const openSession = input.openSession ?? (<T>(session: T) => session);
  const toSession = (cached: CachedSession): AuthSession => {
    const { token: _token, ...s } = openSession(cached.session);
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
    const local = storage.peek(key);
    const raw = local !== undefined ? local : await storage.get(key);
    return Number(raw) || 0;
  };

  /**
   * A key not in this process: the shared cache's entry (tiered: Redis), else the database row. Resolves as soon as
   * the value is known; the refill of the cache runs on behind it.
   */
  const miss = (token: string) =>
    new Promise<{ raw: string | undefined; fromDatabase: boolean }>((resolve, reject) => {
      storage
        .fill(
          token,
          async () => {
            const raw = await readSession(token);
            resolve({ raw, fromDatabase: true });
            return raw;
          },
          refillTtlSeconds,
        )
        .then((raw) => resolve({ raw, fromDatabase: false }), reject);
    });

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

    const local = storage.peek(token) as string | undefined;
    let raw = local;
    let fromDatabase = false;
    if (raw === undefined) ({ raw, fromDatabase } = await miss(token));
    if (!raw) return null;
    const now = Date.now();
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
    // A cached entry may outlive a revocation of all the user's sessions (better-auth marks the time instead of
    // finding every token). A row just read is the truth: revocations delete rows before setting the mark.
    if (!fromDatabase && entry.createdAt < (await revokedBefore(entry.userId))) return null;
    // Sliding expiry: better-auth renews the session (and its cookie) once `updateAge` has passed.
    if (entry.refreshAt <= now) return input.slowPath(headers);
    return entry.value;
  };
}
