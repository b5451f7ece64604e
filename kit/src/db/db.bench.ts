// Indexed lookup on 100k rows: our Database (Drizzle, prepared query) against each raw client, on PGlite and
// PostgreSQL. Target: <= 1.3x the raw client. Rows live in a scratch schema that is dropped afterwards.
import { eq, sql } from 'drizzle-orm';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import type { BenchHarness, BenchSuite, TimingStats } from '../../bench/harness.ts';
import { createScratchPostgresDatabase } from '../testing/postgres.ts';
import { createPgliteDatabase } from './drivers/pglite/driver.ts';
import { createPostgresJsDatabase } from './drivers/postgres-js/driver.ts';
import type { Database } from './types.ts';

const ROWS = 100_000;
const scratch = pgSchema('sv_sdk_bench');
const items = scratch.table('items', {
  id: integer('id').primaryKey(),
  email: text('email').notNull(),
  score: integer('score').notNull(),
});

async function seed(db: Database): Promise<void> {
  await db.query(sql`drop schema if exists sv_sdk_bench cascade`);
  await db.query(sql`create schema sv_sdk_bench`);
  await db.query(
    sql`create table sv_sdk_bench.items (id integer primary key, email text not null, score integer not null)`,
  );
  // One statement for all rows: generate_series is far faster than batched inserts.
  await db.query(
    sql`insert into sv_sdk_bench.items select n, 'user' || n || '@example.com', n % 1000 from generate_series(1, ${ROWS}) as n`,
  );
  await db.query(sql`create unique index items_email_idx on sv_sdk_bench.items (email)`);
  await db.query(sql`analyze sv_sdk_bench.items`);
}

/** Pseudo-random emails across the whole table, the same sequence for subject and baseline. */
function emails(): () => string {
  let state = 12345;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return `user${(state % ROWS) + 1}@example.com`;
  };
}

/** Alternates subject and baseline twice and keeps each one's best run: the machine is shared and noisy. */
async function compare(
  h: BenchHarness,
  label: string,
  subject: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
) {
  const runs: { subject: TimingStats[]; baseline: TimingStats[] } = { subject: [], baseline: [] };
  for (let round = 0; round < 2; round++) {
    runs.baseline.push(await h.time(`${label} raw`, baseline, { timeMs: 1000 }));
    runs.subject.push(await h.time(`${label} sv-sdk`, subject, { timeMs: 1000 }));
  }
  const best = (list: TimingStats[]) => list.reduce((a, b) => (b.p50Ns < a.p50Ns ? b : a));
  return { subject: best(runs.subject), baseline: best(runs.baseline) };
}

async function check(db: Database, lookup: (email: string) => Promise<unknown[]>): Promise<void> {
  const rows = await lookup('user4242@example.com');
  if (rows.length !== 1) throw new Error(`expected one row for the lookup, got ${rows.length}`);
  const [counted] = await db.query<{ n: number }>(sql`select count(*) as n from sv_sdk_bench.items`);
  if (counted?.n !== ROWS) throw new Error(`expected ${ROWS} rows, got ${counted?.n}`);
}

export default (async (h) => {
  // PGlite
  const pglite = await createPgliteDatabase();
  try {
    await seed(pglite);
    const prepared = pglite.drizzle
      .select()
      .from(items)
      .where(eq(items.email, sql.placeholder('email')))
      .prepare('bench_lookup');
    const text = 'select id, email, score from sv_sdk_bench.items where email = $1';
    await check(pglite, (email) => prepared.execute({ email }));
    const nextA = emails();
    const nextB = emails();
    const { subject, baseline } = await compare(
      h,
      'pglite',
      () => prepared.execute({ email: nextA() }),
      () => pglite.client.query(text, [nextB()]),
    );
    h.latencyRatio({
      id: 'db.pglite.indexed-lookup',
      title: 'PGlite: indexed lookup on 100k rows (Database, Drizzle prepared)',
      subject,
      baseline,
      baselineName: 'raw pglite.query',
      maxRatio: 1.3,
    });
    await pglite.query(sql`drop schema sv_sdk_bench cascade`);
  } finally {
    await pglite.close();
  }

  // PostgreSQL (the machine's, in a scratch database)
  const server = await createScratchPostgresDatabase();
  const postgres = await createPostgresJsDatabase({ url: server.url, poolSize: 4 });
  try {
    await seed(postgres);
    const prepared = postgres.drizzle
      .select()
      .from(items)
      .where(eq(items.email, sql.placeholder('email')))
      .prepare('bench_lookup');
    const client = postgres.client;
    await check(postgres, (email) => prepared.execute({ email }));
    const nextA = emails();
    const nextB = emails();
    const { subject, baseline } = await compare(
      h,
      'postgres',
      () => prepared.execute({ email: nextA() }),
      () => client`select id, email, score from sv_sdk_bench.items where email = ${nextB()}`,
    );
    h.latencyRatio({
      id: 'db.postgres.indexed-lookup',
      title: 'PostgreSQL: indexed lookup on 100k rows (Database, Drizzle prepared)',
      subject,
      baseline,
      baselineName: 'raw postgres-js sql``',
      maxRatio: 1.3,
    });
    await postgres.query(sql`drop schema sv_sdk_bench cascade`);
  } finally {
    await postgres.close();
    await server.drop();
  }
}) satisfies BenchSuite;
