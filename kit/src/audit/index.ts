// The public API of `@sv-sdk/kit/audit`: anything not exported here is internal.
export { auditPlugin, auditConfigSchema, type AuditConfig } from './plugin.ts';
export { AUDITED_EVENTS, entryOfEvent, type AuditedEvent } from './events.ts';
export { createMasker, DEFAULT_MASKED_KEYS, MASK, type Masker, type MaskOptions } from './mask.ts';
export { canonicalJson, entryHash, GENESIS_HASH, type HashedEntry } from './hash.ts';
export { verifyChain } from './verify.ts';
export {
  exportEntries,
  EXPORT_CONTENT_TYPES,
  type AuditExportFormat,
  type AuditExportOptions,
  type AuditExportQuery,
} from './export.ts';
export { parseAuditQuery } from './query.ts';
export { auditEntries } from './schema.ts';
export type {
  AuditEntry,
  AuditEntryInput,
  AuditOutcome,
  AuditPage,
  AuditPluginOptions,
  AuditQuery,
  AuditService,
  VerifyReport,
} from './types.ts';
