import { and, desc, eq, ilike, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Cache } from '../cache/types.ts';
import type { SDKEvents } from '../core/event-map.ts';
import type { EventBus } from '../core/events.ts';
import type { Database } from '../db/types.ts';
import { authError } from './error-codes.ts';
import { imageUrlError, imageUrlProblem } from './image-url.ts';
import { account, session, twoFactor, user, verification } from './schema.ts';
import type { AuthUser, ListUsersQuery, UserPage, UserService } from './types.ts';

const USER_TTL_SECONDS = 300;
const byId = (id: string) => `auth:user:id:${id}`;
const byEmail = (email: string) => `auth:user:email:${email.trim().toLowerCase()}`;

type UserRow = typeof user.$inferSelect;

const iso = (value: Date | string | null | undefined): string | null =>
  value == null ? null : new Date(value).toISOString();

export function toAuthUser(row: UserRow): AuthUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.emailVerified,
    image: row.image ?? null,
    role: row.role ?? null,
    banned: row.banned ?? false,
    banReason: row.banReason ?? null,
    banExpires: iso(row.banExpires),
    twoFactorEnabled: row.twoFactorEnabled ?? false,
    deletedAt: iso(row.deletedAt),
    createdAt: iso(row.createdAt) as string,
    updatedAt: iso(row.updatedAt) as string,
  };
}

export interface UserServiceInput {
  db: Database;
  cache: Cache;
  events: EventBus<SDKEvents>;
  graceDays: () => number;
  /** Ends every session of a user (DB rows and the session cache). */
  revokeSessions: (userId: string) => Promise<void>;
  /** Schedules the anonymisation of a deleted user. */
  scheduleAnonymise: (userId: string, delayMs: number) => Promise<void>;
  /** Checks another domain runs before a deletion, inside its transaction; a throw refuses it (nothing written). */
  deletionGuards?: () => readonly ((userId: string) => Promise<void>)[];
}

const encodeCursor = (row: { createdAt: string; id: string }) =>
  Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
function decodeCursor(cursor: string): [Date, string] {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return [date, id];
  } catch {
    throw authError('AUTH_TOKEN_INVALID', { status: 400, message: 'The cursor is not valid.' });
  }
}

/** The anonymised email of a user: unique, undeliverable (`.invalid` is reserved, RFC 2606). */
export const anonymisedEmail = (id: string) => `deleted-${id}@anonymised.invalid`;

export function createUserService(input: UserServiceInput): UserService & {
  invalidate(userId: string, email?: string): Promise<void>;
  anonymise(userId: string, now?: Date): Promise<boolean>;
} {
  const { db, cache, events } = input;

  const load = async (where: SQL): Promise<AuthUser | null> => {
    const [row] = await db.drizzle.select().from(user).where(where).limit(1);
    return row ? toAuthUser(row) : null;
  };
  const invalidate = async (userId: string, email?: string) => {
    const keys = [byId(userId)];
    if (email) keys.push(byEmail(email));
    const cached = await cache.get<AuthUser | null>(byId(userId));
    if (cached?.email && cached.email !== email) keys.push(byEmail(cached.email));
    await cache.delete(keys);
  };
  const require = async (id: string): Promise<AuthUser> => {
    const found = await load(eq(user.id, id));
    if (!found) throw authError('AUTH_USER_NOT_FOUND');
    return found;
  };

  const service = {
    invalidate,
    getById(id: string) {
      return cache.getOrSet(byId(id), () => load(eq(user.id, id)), USER_TTL_SECONDS);
    },
    getByEmail(email: string) {
      const normalised = email.trim().toLowerCase();
      return cache.getOrSet(byEmail(normalised), () => load(eq(user.email, normalised)), USER_TTL_SECONDS);
    },
    async list(query: ListUsersQuery = {}): Promise<UserPage> {
      const limit = Math.min(100, Math.max(1, Math.trunc(query.limit ?? 20)));
      const conditions: SQL[] = [];
      conditions.push(query.deleted ? isNotNull(user.deletedAt) : isNull(user.deletedAt));
      if (query.search) {
        const pattern = `%${query.search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
        conditions.push(or(ilike(user.email, pattern), ilike(user.name, pattern)) as SQL);
      }
      if (query.role !== undefined) conditions.push(eq(user.role, query.role));
      if (query.banned !== undefined)
        conditions.push(query.banned ? eq(user.banned, true) : sql`coalesce(${user.banned}, false) = false`);
      if (query.verified !== undefined) conditions.push(eq(user.emailVerified, query.verified));
      if (query.cursor) {
        const [createdAt, id] = decodeCursor(query.cursor);
        conditions.push(or(lt(user.createdAt, createdAt), and(eq(user.createdAt, createdAt), lt(user.id, id))) as SQL);
      }
      const rows = await db.drizzle
        .select()
        .from(user)
        .where(and(...conditions))
        .orderBy(desc(user.createdAt), desc(user.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit).map(toAuthUser);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
    async updateProfile(id: string, changes: { name?: string; image?: string | null }) {
      const set: Partial<UserRow> = { updatedAt: new Date() };
      if (changes.name !== undefined) {
        const name = changes.name.trim();
        if (name.length === 0 || name.length > 200)
          throw authError('AUTH_NOT_ALLOWED', { status: 400, message: 'The name must have 1 to 200 characters.' });
        set.name = name;
      }
      if (changes.image !== undefined) {
        const problem = imageUrlProblem(changes.image);
        if (problem) throw imageUrlError('image', problem);
        set.image = changes.image;
      }
      const [row] = await db.drizzle.update(user).set(set).where(eq(user.id, id)).returning();
      if (!row) throw authError('AUTH_USER_NOT_FOUND');
      await invalidate(id, row.email);
      await events.emit('user.updated', { userId: id, fields: Object.keys(changes) });
      return toAuthUser(row);
    },
    async softDelete(id: string, options: { by?: 'self' | 'admin' } = {}) {
      const now = new Date();
      const delayMs = input.graceDays() * 86_400_000;
      // One transaction: the mark, the revoked sessions, the anonymise job and the queued deliveries of
      // `user.deleted` commit together (the job queue's outbox or jobs table joins it), so a queue outage cannot
      // leave a deleted account that is never anonymised.
      const row = await db.transaction(async () => {
        for (const guard of input.deletionGuards?.() ?? []) await guard(id);
        const [marked] = await db.drizzle
          .update(user)
          .set({ deletedAt: now, updatedAt: now })
          .where(and(eq(user.id, id), isNull(user.deletedAt)))
          .returning();
        if (!marked) return undefined;
        await input.revokeSessions(id);
        await input.scheduleAnonymise(id, delayMs);
        await events.emit('user.deleted', {
          userId: id,
          email: marked.email,
          by: options.by ?? 'self',
          anonymiseAfter: new Date(now.getTime() + delayMs).toISOString(),
        });
        return marked;
      });
      if (!row) return require(id); // already deleted: idempotent
      await invalidate(id, row.email);
      return toAuthUser(row);
    },
    async restore(id: string) {
      const current = await require(id);
      if (!current.deletedAt) return current;
      if (current.email === anonymisedEmail(id))
        throw authError('AUTH_NOT_ALLOWED', {
          status: 409,
          message: 'This account was anonymised and cannot be restored.',
        });
      const [row] = await db.drizzle
        .update(user)
        .set({ deletedAt: null, updatedAt: new Date() })
        .where(eq(user.id, id))
        .returning();
      const restored = toAuthUser(row as UserRow);
      await invalidate(id, restored.email);
      await events.emit('user.restored', { userId: id, email: restored.email });
      return restored;
    },
    /** Anonymises one deleted user whose grace period is over; false when not (restored, or not due yet). */
    async anonymise(userId: string, now = new Date()): Promise<boolean> {
      const due = new Date(now.getTime() - input.graceDays() * 86_400_000);
      const done = await db.transaction(async () => {
        const [row] = await db.drizzle
          .update(user)
          .set({
            name: 'Deleted user',
            email: anonymisedEmail(userId),
            emailVerified: false,
            image: null,
            banReason: null,
            twoFactorEnabled: false,
            updatedAt: new Date(),
          })
          .where(and(eq(user.id, userId), isNotNull(user.deletedAt), lte(user.deletedAt, due)))
          .returning({ id: user.id, email: user.email });
        if (!row) return false;
        // Credentials, OAuth tokens, 2FA secrets and sessions go; the user row stays (audit trails reference its id).
        await db.drizzle.delete(account).where(eq(account.userId, userId));
        await db.drizzle.delete(twoFactor).where(eq(twoFactor.userId, userId));
        await db.drizzle.delete(session).where(eq(session.userId, userId));
        await db.drizzle.delete(verification).where(eq(verification.value, userId));
        return true;
      });
      if (done) {
        await invalidate(userId);
        await input.revokeSessions(userId);
        await events.emit('user.anonymised', { userId });
      }
      return done;
    },
    async anonymiseDue(now = new Date()) {
      const due = new Date(now.getTime() - input.graceDays() * 86_400_000);
      const rows = await db.drizzle
        .select({ id: user.id })
        .from(user)
        .where(
          and(
            isNotNull(user.deletedAt),
            lte(user.deletedAt, due),
            sql`${user.email} not like 'deleted-%@anonymised.invalid'`,
          ),
        );
      let count = 0;
      for (const row of rows) if (await service.anonymise(row.id, now)) count += 1;
      return count;
    },
  };
  return service;
}
