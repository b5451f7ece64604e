import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import { entryHash, GENESIS_HASH, metadataJson, type HashedEntry } from './hash.ts';
import type { AuditOutcome } from './types.ts';
import { storable } from './mask.ts';
import { auditEntries } from './schema.ts';

/** An entry ready to be chained: everything but its place in the chain. */
export type PendingEntry = Omit<HashedEntry, 'chain' | 'seq'> & { outcome: AuditOutcome };

/**
 * Rows per INSERT. Each column travels as one JSON array parameter, so there is no parameter limit and little to
 * parse; the next statement is hashed while this one runs.
 */
const ROWS_PER_INSERT = 1000;

/** Text columns as PostgreSQL keeps them (see `storable`), so what is hashed is what reads back. */
const storableOrNull = (value: string | null) => (value === null ? null : storable(value));

/** One INSERT of consecutive chained rows: a parameter per column, rows numbered from `firstSeq`. */
function insertStatement(
  chain: string,
  firstSeq: number,
  rows: readonly (HashedEntry & { prevHash: string; hash: string })[],
) {
  const column = <T>(pick: (row: HashedEntry & { prevHash: string; hash: string }) => T) =>
    JSON.stringify(rows.map(pick));
  const metadata = `[${rows.map((row) => metadataJson(row.metadata)).join(',')}]`;
  return sql`insert into ${auditEntries} (chain, seq, occurred_at, action, outcome, actor_id, actor_ip, user_agent,
      request_id, event_id, target_type, target_id, metadata, prev_hash, hash)
    select ${chain}, ${firstSeq}::int8 + r.n - 1, r.occurred_at::timestamptz, r.action, r.outcome, r.actor_id,
      r.actor_ip, r.user_agent, r.request_id, r.event_id, r.target_type, r.target_id, r.metadata, r.prev_hash, r.hash
    from rows from (
      json_array_elements_text(${column((row) => row.occurredAt.toISOString())}::text::json),
      json_array_elements_text(${column((row) => row.action)}::text::json),
      json_array_elements_text(${column((row) => row.outcome)}::text::json),
      json_array_elements_text(${column((row) => row.actorId)}::text::json),
      json_array_elements_text(${column((row) => row.actorIp)}::text::json),
      json_array_elements_text(${column((row) => row.userAgent)}::text::json),
      json_array_elements_text(${column((row) => row.requestId)}::text::json),
      json_array_elements_text(${column((row) => row.eventId)}::text::json),
      json_array_elements_text(${column((row) => row.targetType)}::text::json),
      json_array_elements_text(${column((row) => row.targetId)}::text::json),
      jsonb_array_elements(${metadata}::text::jsonb),
      json_array_elements_text(${column((row) => row.prevHash)}::text::json),
      json_array_elements_text(${column((row) => row.hash)}::text::json)
    ) with ordinality as r(occurred_at, action, outcome, actor_id, actor_ip, user_agent, request_id, event_id,
      target_type, target_id, metadata, prev_hash, hash, n)`;
}

/**
 * Appends entries to a chain, in order, in one transaction: under the chain's advisory lock (every node appends to
 * the same chain), reads the chain's last link, numbers and hashes the entries, and inserts them. Joins the
 * caller's transaction when there is one. Returns the last sequence number written.
 */
export async function appendToChain(db: Database, chain: string, entries: readonly PendingEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  return db.transaction(async () => {
    await db.query(sql`select pg_advisory_xact_lock(hashtext(${`sv_sdk.audit:${chain}`}))`);
    const [last] = await db.drizzle
      .select({ seq: auditEntries.seq, hash: auditEntries.hash })
      .from(auditEntries)
      .where(eq(auditEntries.chain, chain))
      .orderBy(desc(auditEntries.seq))
      .limit(1);
    // A queued event delivery that runs again (at least once) finds its entry written: skip it.
    const eventIds = entries.map((entry) => storableOrNull(entry.eventId)).filter((id): id is string => id !== null);
    const seen = eventIds.length
      ? new Set(
          (
            await db.drizzle
              .select({ eventId: auditEntries.eventId })
              .from(auditEntries)
              .where(and(eq(auditEntries.chain, chain), inArray(auditEntries.eventId, eventIds)))
          ).map((row) => row.eventId),
        )
      : new Set<string | null>();
    // Once per event id within the batch too (the unique index would refuse the whole batch, again at every retry).
    const fresh =
      seen.size || new Set(eventIds).size < eventIds.length
        ? entries.filter((entry) => {
            const eventId = storableOrNull(entry.eventId);
            if (eventId === null) return true;
            if (seen.has(eventId)) return false;
            seen.add(eventId);
            return true;
          })
        : entries;
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const inserts: Promise<unknown>[] = [];
    for (let start = 0; start < fresh.length; start += ROWS_PER_INSERT) {
      const firstSeq = seq + 1;
      const rows = fresh.slice(start, start + ROWS_PER_INSERT).map((entry) => {
        seq += 1;
        const hashed: HashedEntry = {
          chain,
          seq,
          occurredAt: entry.occurredAt,
          action: storable(entry.action),
          outcome: entry.outcome,
          actorId: storableOrNull(entry.actorId),
          actorIp: storableOrNull(entry.actorIp),
          userAgent: storableOrNull(entry.userAgent),
          requestId: storableOrNull(entry.requestId),
          eventId: storableOrNull(entry.eventId),
          targetType: storableOrNull(entry.targetType),
          targetId: storableOrNull(entry.targetId),
          metadata: entry.metadata,
        };
        const hash = entryHash(prevHash, hashed);
        const row = { ...hashed, prevHash, hash };
        prevHash = hash;
        return row;
      });
      inserts.push(db.query(insertStatement(chain, firstSeq, rows)));
    }
    // Every statement settled before the transaction ends (a failed one rolls it back).
    for (const result of await Promise.allSettled(inserts)) if (result.status === 'rejected') throw result.reason;
    return seq;
  });
}
