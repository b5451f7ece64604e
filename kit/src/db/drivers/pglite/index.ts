// `@sv-sdk/kit/db/pglite`: the embedded driver. Only this subpath loads @electric-sql/pglite.
export {
  clonePglite,
  createPgliteDatabase,
  MEMORY_DATA_DIR,
  type PgliteDatabaseOptions,
  type PgliteDriverDatabase,
} from './driver.ts';
