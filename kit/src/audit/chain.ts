import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import { entryHash, GENESIS_HASH, type HashedEntry } from './hash.ts';
import type { AuditOutcome } from './types.ts';
import { auditEntries } from './schema.ts';

/** An entry ready to be chained: everything but its place in the chain. */
export type PendingEntry = Omit<HashedEntry, 'chain' | 'seq'> & { outcome: AuditOutcome };

/** Rows per INSERT statement (PostgreSQL's 65,535 parameters / 13 columns, with room). */
const ROWS_PER_INSERT = 1000;

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
    const eventIds = entries.map((entry) => entry.eventId).filter((id): id is string => id !== null);
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
    const fresh = seen.size ? entries.filter((entry) => entry.eventId === null || !seen.has(entry.eventId)) : entries;
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows = fresh.map((entry) => {
      seq += 1;
      const hashed = { ...entry, chain, seq };
      const hash = entryHash(prevHash, hashed);
      const row = { ...hashed, prevHash, hash };
      prevHash = hash;
      return row;
    });
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT)
      await db.drizzle.insert(auditEntries).values(rows.slice(start, start + ROWS_PER_INSERT));
    return seq;
  });
}
