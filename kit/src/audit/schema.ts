import { sql } from 'drizzle-orm';
import { bigint, customType, index, jsonb, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditSchema } from '../db/pg-schemas.ts';

// The audit log: one append-only table of hash-chained entries. A trigger (migration 0005_audit_append_only)
// refuses UPDATE and DELETE unless the transaction set `sv_sdk.audit_maintenance` (the retention job).

/** PostgreSQL's full-text search document. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const auditEntries = auditSchema.table(
  'entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The chain the entry belongs to; entries of one chain are numbered without gaps. */
    chain: text('chain').notNull().default('main'),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    /** What happened, e.g. `user.banned`, `role.assigned`, `permission.denied`, or an app's own action. */
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    actorId: text('actor_id'),
    /** The client address, pseudonymised (keyed hash) unless the app keeps it in clear. */
    actorIp: text('actor_ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    /** The SDK event it records (`EventMeta.id`): a queued delivery that runs twice is written once. */
    eventId: text('event_id'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** Masked and size-bounded. */
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** The metadata's strings as a search document (kept by PostgreSQL: not hashed, not written by us). */
    search: tsvector('search').generatedAlwaysAs(
      sql`jsonb_to_tsvector('simple'::regconfig, metadata, '["string"]'::jsonb)`,
    ),
  },
  (table) => [
    uniqueIndex('entries_chain_seq_idx').on(table.chain, table.seq),
    uniqueIndex('entries_event_idx')
      .on(table.eventId)
      .where(sql`${table.eventId} is not null`),
    index('entries_actor_idx').on(table.actorId, table.occurredAt.desc(), table.id.desc()),
    index('entries_action_idx').on(table.action, table.occurredAt.desc(), table.id.desc()),
    index('entries_target_idx').on(table.targetType, table.targetId, table.occurredAt.desc(), table.id.desc()),
    index('entries_time_idx').on(table.occurredAt.desc(), table.id.desc()),
    index('entries_search_idx').using('gin', table.search),
    // Outcomes other than success are rare and searched for.
    index('entries_unsuccessful_idx')
      .on(table.outcome, table.occurredAt.desc())
      .where(sql`${table.outcome} <> 'success'`),
  ],
);

/** Signed checkpoints of a chain: an HMAC (AUDIT_KEY) of a link, so a rewrite of the whole chain is detected too. */
export const auditCheckpoints = auditSchema.table(
  'checkpoints',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    signature: text('signature').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('checkpoints_chain_seq_idx').on(table.chain, table.seq)],
);
