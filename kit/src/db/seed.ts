import { isSDKError, sdkError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Database, DrizzleTransaction } from './types.ts';

/** What a seed's `run` receives. Write with `tx`: the seed's own transaction. */
export interface SeedContext {
  tx: DrizzleTransaction;
  db: Database;
  logger: Logger | undefined;
}

/**
 * A unit of seed data (roles, the admin user, email templates…). Seeds run on every `db:seed`, so `run` must be
 * idempotent: upsert (`onConflictDoUpdate` / `onConflictDoNothing`), never blind inserts.
 */
export interface Seed {
  name: string;
  run(ctx: SeedContext): Promise<void>;
}

export interface SeedReport {
  /** Names of the seeds that ran, in order. */
  ran: string[];
}

/**
 * Declares a seed (an identity helper that keeps the type).
 * @example
 * export const rolesSeed = defineSeed({
 *   name: 'permissions.roles',
 *   async run({ tx }) { await tx.insert(roles).values(DEFAULT_ROLES).onConflictDoNothing(); },
 * });
 */
export function defineSeed(seed: Seed): Seed {
  return seed;
}

/**
 * Runs seeds in order, each in its own transaction: a failing seed is rolled back and stops the run (earlier seeds
 * stay), with `SEED_FAILED` naming it.
 * @example await runSeeds(sdk.db, [rolesSeed, adminSeed], sdk.logger);
 */
export async function runSeeds(db: Database, seeds: readonly Seed[], logger?: Logger): Promise<SeedReport> {
  const names = new Set<string>();
  for (const seed of seeds) {
    if (names.has(seed.name))
      throw sdkError('SEED_FAILED', { status: 500, message: `[sv-sdk] [db] Two seeds are named "${seed.name}".` });
    names.add(seed.name);
  }
  const ran: string[] = [];
  for (const seed of seeds) {
    const started = performance.now();
    try {
      await db.transaction((tx) => seed.run({ tx, db, logger }));
    } catch (error) {
      throw sdkError('SEED_FAILED', {
        status: 500,
        message: `[sv-sdk] [db] Seed "${seed.name}" failed and was rolled back.`,
        details: { seed: seed.name, ...(isSDKError(error) ? { code: error.code } : {}) },
        cause: error,
      });
    }
    ran.push(seed.name);
    logger?.info({ seed: seed.name, ms: Math.round(performance.now() - started) }, 'seed ran');
  }
  return { ran };
}
