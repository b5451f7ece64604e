import { createHash } from 'node:crypto';

/** The `prevHash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: every column but the id (assigned by the database) and the hashes. */
export interface HashedEntry {
  chain: string;
  seq: number;
  occurredAt: Date;
  action: string;
  outcome: string;
  actorId: string | null;
  actorIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  eventId: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
}

/**
 * JSON with object keys sorted at every depth: the same value always gives the same text, whatever order its keys
 * were written in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** sha256 (hex) of the previous entry's hash and this entry's content: a change anywhere breaks every later link. */
export function entryHash(prevHash: string, entry: HashedEntry): string {
  const content = canonicalJson({
    chain: entry.chain,
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    action: entry.action,
    outcome: entry.outcome,
    actorId: entry.actorId,
    actorIp: entry.actorIp,
    userAgent: entry.userAgent,
    requestId: entry.requestId,
    eventId: entry.eventId,
    targetType: entry.targetType,
    targetId: entry.targetId,
    metadata: entry.metadata,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}
