import { hash } from 'node:crypto';

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

/** Sorts like `Array.prototype.sort()` (UTF-16 code units); an insertion sort is several times faster for few keys. */
export function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let index = 1; index < keys.length; index += 1) {
    const key = keys[index] as string;
    let at = index - 1;
    while (at >= 0 && (keys[at] as string) > key) {
      keys[at + 1] = keys[at] as string;
      at -= 1;
    }
    keys[at + 1] = key;
  }
}

/**
 * JSON with object keys sorted at every depth: the same value always gives the same text, whatever order its keys
 * were written in (jsonb reorders them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) out += (index === 0 ? '' : ',') + canonicalJson(value[index]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  sortKeys(keys);
  let out = '';
  for (const key of keys) {
    const item = record[key];
    if (item !== undefined) out += `${out === '' ? '{' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return out === '' ? '{}' : `${out}}`;
}

// Metadata whose JSON.stringify is its canonical JSON: the masker sorts keys as it copies them, so its output needs
// no second walk to be hashed, and the text is written once for both the hash and the INSERT. A non-enumerable
// property of the object itself (a copy does not carry it; a WeakMap costs several times more per entry).
const CANONICAL_JSON = Symbol('sv-sdk.audit.canonicalJson');
type Remembered = { [CANONICAL_JSON]?: string | null };

/** Marks `value` (which must not change afterwards) as canonical when stringified; `text` if already written. */
export function rememberCanonicalJson(value: object, text?: string): void {
  Object.defineProperty(value, CANONICAL_JSON, { value: text ?? null, writable: true });
}

/** The canonical JSON of an entry's metadata. */
export function metadataJson(metadata: Record<string, unknown>): string {
  const known = (metadata as Remembered)[CANONICAL_JSON];
  if (typeof known === 'string') return known;
  if (known !== null) return canonicalJson(metadata);
  const text = JSON.stringify(metadata);
  (metadata as Remembered)[CANONICAL_JSON] = text;
  return text;
}

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/**
 * The canonical JSON of the hashed columns, written out in their sorted order (what `canonicalJson` of the object
 * gives, without building and sorting it for every entry).
 */
function entryContent(entry: HashedEntry): string {
  const { chain, seq, occurredAt, action, outcome, actorId, actorIp, userAgent, requestId, eventId } = entry;
  const { targetType, targetId, metadata } = entry;
  // An undefined column is left out by canonicalJson: rows and prepared entries never have one.
  if (
    chain === undefined ||
    seq === undefined ||
    action === undefined ||
    outcome === undefined ||
    actorId === undefined ||
    actorIp === undefined ||
    userAgent === undefined ||
    requestId === undefined ||
    eventId === undefined ||
    targetType === undefined ||
    targetId === undefined ||
    metadata === undefined
  )
    return canonicalJson({
      chain,
      seq,
      occurredAt: occurredAt.toISOString(),
      action,
      outcome,
      actorId,
      actorIp,
      userAgent,
      requestId,
      eventId,
      targetType,
      targetId,
      metadata,
    });
  return (
    `{"action":${JSON.stringify(action)},"actorId":${text(actorId)},"actorIp":${text(actorIp)},` +
    `"chain":${JSON.stringify(chain)},"eventId":${text(eventId)},"metadata":${metadataJson(metadata)},` +
    `"occurredAt":${JSON.stringify(occurredAt.toISOString())},"outcome":${JSON.stringify(outcome)},` +
    `"requestId":${text(requestId)},"seq":${JSON.stringify(seq)},"targetId":${text(targetId)},` +
    `"targetType":${text(targetType)},"userAgent":${text(userAgent)}}`
  );
}

/** sha256 (hex) of the previous entry's hash and this entry's content: a change anywhere breaks every later link. */
export function entryHash(prevHash: string, entry: HashedEntry): string {
  return hash('sha256', `${prevHash}\n${entryContent(entry)}`);
}
