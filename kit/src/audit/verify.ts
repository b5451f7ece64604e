import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../db/types.ts';
import { verifyCheckpoints } from './checkpoint.ts';
import { entryHash, GENESIS_HASH } from './hash.ts';
import { ENTRY_COLUMNS } from './query.ts';
import { auditEntries } from './schema.ts';
import type { VerifyReport } from './types.ts';

/** Entries read per page while verifying (memory stays flat however long the chain). */
const PAGE = 1000;

/**
 * Walks a chain in order and recomputes every link: each entry's `prevHash` must be the previous entry's `hash`
 * (`link`), its `hash` must match its content (`hash`: a changed row), and sequence numbers must follow each other
 * (`gap`: a deleted row). Reports the first broken link. With the key, the signed checkpoints too (checkpoint.ts).
 */
export async function verifyChain(db: Database, chain: string, key?: string): Promise<VerifyReport> {
  const links = await verifyLinks(db, chain);
  if (!key) return links;
  const checkpoints = await verifyCheckpoints(db, key, chain);
  return { ...links, ok: links.ok && checkpoints.firstBroken === undefined, checkpoints };
}

async function verifyLinks(db: Database, chain: string): Promise<VerifyReport> {
  let checked = 0;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows = await db.drizzle
      .select(ENTRY_COLUMNS)
      .from(auditEntries)
      .where(and(eq(auditEntries.chain, chain), gt(auditEntries.seq, after)))
      .orderBy(asc(auditEntries.seq))
      .limit(PAGE);
    for (const row of rows) {
      const broken = (reason: 'hash' | 'link' | 'gap'): VerifyReport => ({
        ok: false,
        chain,
        checked,
        firstBroken: { seq: row.seq, id: row.id, reason },
      });
      if (row.seq !== expectedSeq) return broken('gap');
      if (row.prevHash !== prevHash) return broken('link');
      if (entryHash(prevHash, row) !== row.hash) return broken('hash');
      checked += 1;
      expectedSeq += 1;
      prevHash = row.hash;
      after = row.seq;
    }
    if (rows.length < PAGE) return { ok: true, chain, checked };
  }
}
