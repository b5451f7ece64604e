// @sv-sdk/kit: the public entry. Everything not exported from a package.json "exports" entry is internal.
export * from './core/index.ts';
export type { Cache, CacheKind } from './cache/types.ts';
export { TTL } from './cache/types.ts';
export type { Database, DatabaseDriverName, DrizzleDatabase, DrizzleTransaction, MigrationReport } from './db/types.ts';
export type {
  EnqueueOptions,
  EnqueueResult,
  JobContext,
  JobDefinition,
  JobQueue,
  JobQueueKind,
  QueueStats,
} from './jobs/types.ts';
