export type AuditOutcome = 'success' | 'failure' | 'denied';

/** What `audit.log()` takes. Actor, IP, user agent and request id default to the request context's. */
export interface AuditEntryInput {
  /** What happened: `invoice.paid`, `export.downloaded`… (lower case, dots; at most 100 characters). */
  action: string;
  outcome?: AuditOutcome;
  actorId?: string | null;
  target?: { type: string; id?: string | null } | null;
  metadata?: Record<string, unknown>;
  occurredAt?: Date;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** The SDK event recorded (set by the event subscription): written once however often it is delivered. */
  eventId?: string | null;
}

/** An entry as read back. */
export interface AuditEntry {
  id: number;
  chain: string;
  seq: number;
  occurredAt: Date;
  action: string;
  outcome: AuditOutcome;
  actorId: string | null;
  actorIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  eventId: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  actorId?: string;
  /** One action, or a prefix ending in `.*` (`user.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  outcome?: AuditOutcome;
  /** Inclusive lower bound of `occurredAt`. */
  from?: Date;
  /** Exclusive upper bound of `occurredAt`. */
  to?: Date;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  /** 1–500. @default 50 */
  limit?: number;
  /** Words in the metadata's strings (web-search syntax: `"exact phrase"`, `-word`, `or`). */
  search?: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Present when more entries follow. */
  nextCursor?: string;
}

export interface VerifyReport {
  ok: boolean;
  chain: string;
  /** Entries checked. */
  checked: number;
  /** The first entry whose link does not hold, and why. */
  firstBroken?: { seq: number; id: number; reason: 'hash' | 'link' | 'gap' };
  /**
   * The signed checkpoints (with AUDIT_KEY): each signature must be the key's, and the entry it names must still
   * carry the hash it signed — a chain rewritten from its start (every hash recomputed) fails here.
   */
  checkpoints?: { checked: number; firstBroken?: { seq: number; reason: 'signature' | 'mismatch' | 'missing' } };
}

export interface AuditService {
  /**
   * Records an entry without waiting (batched: written within `flushIntervalMs` or once `batchSize` entries wait).
   * Never throws into the caller: invalid input is logged and recorded as an `audit.invalid_entry`. Returns a
   * promise only when the buffer is full: awaiting it is the caller's backpressure.
   */
  log(entry: AuditEntryInput): void | Promise<void>;
  /** Records entries and waits until they are stored (in the caller's transaction, when there is one). */
  write(entries: AuditEntryInput | readonly AuditEntryInput[]): Promise<void>;
  /** Writes whatever waits in the buffer. */
  flush(): Promise<void>;
  query(query?: AuditQuery): Promise<AuditPage>;
  /**
   * The entries `query` selects as a stream of CSV, JSON Lines or JSON, read a page at a time as the consumer pulls
   * (constant memory). Bad options are `VALIDATION_FAILED` at call time. Not a snapshot: entries written meanwhile
   * may appear. Call it outside a transaction.
   */
  export(options: {
    format: 'csv' | 'jsonl' | 'json';
    query?: Omit<AuditQuery, 'cursor' | 'limit'>;
    pageSize?: number;
  }): ReadableStream<Uint8Array>;
  /** Recomputes the chain from its first entry; reports the first broken link. */
  verify(options?: { chain?: string }): Promise<VerifyReport>;
  /** Signs the chain's last link (needs AUDIT_KEY); job workers do it every `checkpointIntervalMs`. */
  checkpoint(options?: { chain?: string }): Promise<{ seq: number } | undefined>;
}

export interface AuditPluginOptions {
  /** Entries written per batch. @default 500 */
  batchSize?: number;
  /** Longest wait of a buffered entry, in ms. @default 200 */
  flushIntervalMs?: number;
  /** Entries the buffer holds before `log` asks callers to wait. @default 10000 */
  maxBuffer?: number;
  /** Extra metadata keys to mask (beside passwords, tokens, secrets, cookies, one-time URLs…). */
  maskKeys?: readonly string[];
  /** Bound of an entry's metadata JSON, in bytes; larger metadata is cut with a marker. @default 8192 */
  maxMetadataBytes?: number;
  /** Record the SDK's own events (auth, sessions, roles, permission denials). @default true */
  events?: boolean;
  /** How often job workers sign a checkpoint of the chain (with AUDIT_KEY); 0 turns it off. @default 3600000 */
  checkpointIntervalMs?: number;
}
