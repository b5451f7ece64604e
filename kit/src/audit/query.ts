import { and, eq, getTableColumns, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { sdkError } from '../core/errors.ts';
import type { Database } from '../db/types.ts';
import { auditEntries } from './schema.ts';
import type { AuditEntry, AuditPage, AuditQuery } from './types.ts';

const text = (max: number) => z.string().min(1).max(max);
const querySchema = z.strictObject({
  actorId: text(255).optional(),
  action: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,99}(\.\*)?$/, 'an action, or a prefix ending in .* (user.*)')
    .optional(),
  targetType: text(64).optional(),
  targetId: text(255).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  cursor: text(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
  /** Words in the metadata (web-search syntax: `"exact phrase"`, `-word`, `or`). */
  search: z.string().trim().min(1).max(200).optional(),
});

/** Every column but the search document (PostgreSQL's, large, and no part of an entry). */
const { search: _search, ...ENTRY_COLUMNS } = getTableColumns(auditEntries);
export { ENTRY_COLUMNS };

const encodeCursor = (entry: { occurredAt: Date; id: number }) =>
  Buffer.from(JSON.stringify([entry.occurredAt.toISOString(), entry.id])).toString('base64url');

function decodeCursor(cursor: string): [Date, number] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(String(at));
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || Number.isNaN(date.getTime())) throw new Error('bad');
    return [date, id];
  } catch {
    throw sdkError('VALIDATION_FAILED', { message: 'The cursor is not valid.', details: { field: 'cursor' } });
  }
}

/**
 * The filters validated, synchronously (the export refuses bad ones before streaming a byte).
 * @throws SDKError `VALIDATION_FAILED` naming each bad filter.
 */
export function parseAuditQuery(raw: AuditQuery): z.infer<typeof querySchema> {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success)
    throw sdkError('VALIDATION_FAILED', {
      message: 'The audit filters are not valid.',
      details: {
        problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      },
    });
  const query = parsed.data;
  if (query.from && query.to && query.from >= query.to)
    throw sdkError('VALIDATION_FAILED', { message: '`from` must be before `to`.', details: { field: 'from' } });
  if (query.cursor) decodeCursor(query.cursor);
  return query;
}

/**
 * Entries newest first (occurredAt, then id: stable however many share a millisecond), filtered, a page at a time
 * (keyset pagination on the indexes' order: a page costs the same at any depth).
 * @throws SDKError `VALIDATION_FAILED` naming each bad filter.
 */
export async function queryEntries(db: Database, raw: AuditQuery = {}): Promise<AuditPage> {
  const query = parseAuditQuery(raw);
  const limit = query.limit ?? 50;
  const where: SQL[] = [];
  if (query.actorId) where.push(eq(auditEntries.actorId, query.actorId));
  if (query.action?.endsWith('.*'))
    where.push(like(auditEntries.action, `${query.action.slice(0, -1).replace(/[_%\\]/g, '\\$&')}%`));
  else if (query.action) where.push(eq(auditEntries.action, query.action));
  if (query.targetType) where.push(eq(auditEntries.targetType, query.targetType));
  if (query.targetId) where.push(eq(auditEntries.targetId, query.targetId));
  if (query.outcome) where.push(eq(auditEntries.outcome, query.outcome));
  if (query.search) where.push(sql`${auditEntries.search} @@ websearch_to_tsquery('simple', ${query.search})`);
  if (query.from) where.push(gte(auditEntries.occurredAt, query.from));
  if (query.to) where.push(lt(auditEntries.occurredAt, query.to));
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    // A row comparison, which an index on (occurred_at desc, id desc) answers by seeking (an OR of the two is only
    // a filter: every page would walk the rows before it).
    where.push(sql`(${auditEntries.occurredAt}, ${auditEntries.id}) < (${at.toISOString()}::timestamptz, ${id})`);
  }
  const rows = await db.drizzle
    .select(ENTRY_COLUMNS)
    .from(auditEntries)
    .where(where.length ? and(...where) : undefined)
    // NULLS LAST as the indexes are built (a plain DESC is NULLS FIRST, which no index serves: every page sorted).
    .orderBy(sql`${auditEntries.occurredAt} desc nulls last`, sql`${auditEntries.id} desc nulls last`)
    .limit(limit + 1);
  const entries = rows.slice(0, limit) as AuditEntry[];
  const last = entries.at(-1);
  return rows.length > limit && last ? { entries, nextCursor: encodeCursor(last) } : { entries };
}
