import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import { auditCheckpoints, auditEntries } from './schema.ts';
import type { VerifyReport } from './types.ts';

// Signed checkpoints: the chain proves no entry changed relative to the others, not that the whole chain was not
// rewritten from the start (every hash recomputed). A checkpoint signs a link with AUDIT_KEY, which whoever rewrites
// the table does not hold; verify then checks each signature and that the signed entry still carries its hash.

const sign = (key: string, chain: string, seq: number, hash: string) =>
  createHmac('sha256', key).update(`${chain}\n${seq}\n${hash}`).digest('hex');

/** Signs the chain's last link; undefined when the chain is empty or that link is signed already. */
export async function writeCheckpoint(db: Database, key: string, chain: string): Promise<{ seq: number } | undefined> {
  const [last] = await db.drizzle
    .select({ seq: auditEntries.seq, hash: auditEntries.hash })
    .from(auditEntries)
    .where(eq(auditEntries.chain, chain))
    .orderBy(desc(auditEntries.seq))
    .limit(1);
  if (!last) return undefined;
  const written = await db.drizzle
    .insert(auditCheckpoints)
    .values({ chain, seq: last.seq, hash: last.hash, signature: sign(key, chain, last.seq, last.hash) })
    .onConflictDoNothing()
    .returning({ seq: auditCheckpoints.seq });
  return written[0];
}

/** Checks every checkpoint of a chain (a page of them at a time). */
export async function verifyCheckpoints(
  db: Database,
  key: string,
  chain: string,
): Promise<NonNullable<VerifyReport['checkpoints']>> {
  const checkpoints = await db.drizzle
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.chain, chain))
    .orderBy(asc(auditCheckpoints.seq));
  let checked = 0;
  for (let start = 0; start < checkpoints.length; start += 500) {
    const page = checkpoints.slice(start, start + 500);
    const entries = await db.drizzle
      .select({ seq: auditEntries.seq, hash: auditEntries.hash })
      .from(auditEntries)
      .where(
        and(
          eq(auditEntries.chain, chain),
          inArray(
            auditEntries.seq,
            page.map((checkpoint) => checkpoint.seq),
          ),
        ),
      );
    const hashAt = new Map(entries.map((entry) => [entry.seq, entry.hash]));
    for (const checkpoint of page) {
      const expected = Buffer.from(sign(key, chain, checkpoint.seq, checkpoint.hash));
      const given = Buffer.from(checkpoint.signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { checked, firstBroken: { seq: checkpoint.seq, reason: 'signature' } };
      const current = hashAt.get(checkpoint.seq);
      if (current === undefined) return { checked, firstBroken: { seq: checkpoint.seq, reason: 'missing' } };
      if (current !== checkpoint.hash) return { checked, firstBroken: { seq: checkpoint.seq, reason: 'mismatch' } };
      checked += 1;
    }
  }
  return { checked };
}
