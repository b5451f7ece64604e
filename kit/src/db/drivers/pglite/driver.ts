import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { sdkError } from '../../../core/errors.ts';
import { createDatabaseFromConnection, type DatabaseOptions } from '../../database.ts';
import * as schema from '../../schema.ts';
import type { Database } from '../../types.ts';
import { drizzleView } from './client.ts';
import { lockPgliteFolder } from './folder-lock.ts';

/** `SV_SDK_DATA_DIR` value that keeps the database in memory. */
export const MEMORY_DATA_DIR = 'memory://';

export interface PgliteDatabaseOptions extends DatabaseOptions {
  /** A folder (created when missing) or `memory://`. Ignored when `client` is given. @default 'memory://' */
  dataDir?: string;
  /** An open PGlite instance to use instead (e.g. a `clone()` of a migrated template); closed with the database. */
  client?: PGlite;
}

/** The embedded database: a `Database` with its PGlite client (for tests, benches and `clone()`). */
export interface PgliteDriverDatabase extends Database {
  readonly driver: 'pglite';
  readonly client: PGlite;
}

// Two PGlite instances on one data folder corrupt it; refuse the second one in this process.
const openFolders = new Set<string>();

/**
 * Copies a PGlite instance (its whole database) in ~0.5 s, far faster than creating and migrating a new one.
 * @example const db = await createPgliteDatabase({ client: await clonePglite(template.client) });
 */
export async function clonePglite(client: PGlite): Promise<PGlite> {
  const copy = await client.clone();
  // clone() is typed as the interface; it is a PGlite, which Drizzle's driver needs.
  if (!(copy instanceof PGlite)) throw new TypeError('[sv-sdk] [db] PGlite.clone() did not return a PGlite instance.');
  return copy;
}

/**
 * Opens PGlite (a folder under `SV_SDK_DATA_DIR`, or memory) behind the `Database` interface.
 * @example const db = await createPgliteDatabase({ dataDir: 'memory://' }); await db.migrate();
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<PgliteDriverDatabase> {
  let folder: string | undefined;
  let release: (() => void) | undefined;
  let client = options.client;
  if (!client) {
    const dataDir = options.dataDir ?? MEMORY_DATA_DIR;
    if (dataDir !== MEMORY_DATA_DIR) {
      folder = resolve(dataDir);
      if (openFolders.has(folder)) {
        throw sdkError('DATABASE_ERROR', {
          message: `[sv-sdk] [db] The PGlite folder ${dataDir} is already open in this process; share one SDK instead.`,
        });
      }
      await mkdir(folder, { recursive: true });
      // Other processes: the same folder open twice corrupts it, and PGlite does not notice.
      release = lockPgliteFolder(folder);
      openFolders.add(folder);
    }
    try {
      client = await PGlite.create(folder);
    } catch (error) {
      if (folder) openFolders.delete(folder);
      release?.();
      throw sdkError('DATABASE_ERROR', {
        message: `[sv-sdk] [db] PGlite could not open ${folder ?? 'in memory'}.`,
        cause: error,
      });
    }
  }
  const pglite = client;
  return createDatabaseFromConnection(
    {
      driver: 'pglite',
      drizzle: drizzle({ client: drizzleView(pglite), schema }),
      listen: (channel, onMessage) => pglite.listen(channel, onMessage),
      async end() {
        try {
          if (!pglite.closed) await pglite.close();
        } finally {
          if (folder) openFolders.delete(folder);
          release?.();
        }
      },
    },
    options,
    { driver: 'pglite' as const, client: pglite },
  );
}
