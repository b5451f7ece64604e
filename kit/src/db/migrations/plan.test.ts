import { describe, expect, it } from 'vitest';
import { isSDKError } from '../../core/errors.ts';
import { hashMigration, journalSchema, planMigrations, splitStatements, type MigrationSource } from './plan.ts';

const first = 'CREATE SCHEMA IF NOT EXISTS "a";\n--> statement-breakpoint\nCREATE TABLE "a"."t" (id int);';
const second = 'ALTER TABLE "a"."t" ADD COLUMN v text;';
const sources: MigrationSource[] = [
  { id: 0, name: '0000_first', sql: first },
  { id: 1, name: '0001_second', sql: second },
];

function refusal(run: () => unknown): { message: string; file: unknown } {
  try {
    run();
  } catch (error) {
    if (isSDKError(error, 'MIGRATION_FAILED')) return { message: error.message, file: error.details?.file };
    throw error;
  }
  throw new Error('expected a MIGRATION_FAILED refusal');
}

describe('hashMigration', () => {
  it('is a sha256 hex that ignores CRLF versus LF', () => {
    expect(hashMigration(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashMigration(first.replace(/\n/g, '\r\n'))).toBe(hashMigration(first));
  });
  it('changes with any other change', () => {
    expect(hashMigration(`${first} `)).not.toBe(hashMigration(first));
  });
});

describe('splitStatements', () => {
  it('splits on drizzle-kit breakpoints, trims and drops empty parts', () => {
    expect(splitStatements(first)).toEqual(['CREATE SCHEMA IF NOT EXISTS "a";', 'CREATE TABLE "a"."t" (id int);']);
    expect(splitStatements('a;--> statement-breakpoint\r\n--> statement-breakpoint\n b; ')).toEqual(['a;', 'b;']);
    expect(splitStatements('')).toEqual([]);
  });
});

describe('planMigrations', () => {
  it('plans everything on an empty database, in journal order', () => {
    const plan = planMigrations([...sources].reverse(), []);
    expect(plan.pending.map((m) => m.name)).toEqual(['0000_first', '0001_second']);
    expect(plan.pending[0]?.statements).toHaveLength(2);
    expect(plan.pending[0]?.hash).toBe(hashMigration(first));
    expect(plan.alreadyApplied).toBe(0);
  });

  it('plans only what is not applied', () => {
    const plan = planMigrations(sources, [{ id: 0, name: '0000_first', hash: hashMigration(first) }]);
    expect(plan.pending.map((m) => m.name)).toEqual(['0001_second']);
    expect(plan.alreadyApplied).toBe(1);
  });

  it('plans nothing when everything is applied, even with CRLF files', () => {
    const crlf = sources.map((s) => ({ ...s, sql: s.sql?.replace(/\n/g, '\r\n') }));
    const applied = sources.map((s) => ({ id: s.id, name: s.name, hash: hashMigration(s.sql ?? '') }));
    expect(planMigrations(crlf, applied).pending).toEqual([]);
  });

  it('refuses an applied migration whose file changed, naming the file', () => {
    const { message, file } = refusal(() =>
      planMigrations(
        [{ ...sources[0]!, sql: `${first}\n-- edited` }, sources[1]!],
        [{ id: 0, name: '0000_first', hash: hashMigration(first) }],
      ),
    );
    expect(file).toBe('0000_first.sql');
    expect(message).toContain('0000_first.sql');
    expect(message).toMatch(/modified/);
  });

  it('refuses an applied migration whose file is missing', () => {
    const { message, file } = refusal(() =>
      planMigrations(
        [{ id: 0, name: '0000_first', sql: undefined }],
        [{ id: 0, name: '0000_first', hash: hashMigration(first) }],
      ),
    );
    expect(file).toBe('0000_first.sql');
    expect(message).toMatch(/missing/);
  });

  it('refuses an applied migration the journal does not know (older app, newer database)', () => {
    const { file, message } = refusal(() => planMigrations(sources, [{ id: 7, name: '0007_future', hash: 'x' }]));
    expect(file).toBe('0007_future.sql');
    expect(message).toMatch(/not in this version/);
  });

  it('refuses a pending migration whose file is missing, and a journal listing a name twice', () => {
    expect(refusal(() => planMigrations([{ id: 0, name: '0000_first', sql: undefined }], [])).file).toBe(
      '0000_first.sql',
    );
    expect(refusal(() => planMigrations([sources[0]!, { ...sources[0]!, id: 1 }], [])).message).toMatch(/twice/);
  });
});

describe('journalSchema', () => {
  it("accepts drizzle-kit's journal and rejects a tag with a path in it", () => {
    const entry = { idx: 0, version: '7', when: 1, tag: '0000_initial', breakpoints: true };
    expect(journalSchema.parse({ version: '7', dialect: 'postgresql', entries: [entry] }).entries).toHaveLength(1);
    expect(
      journalSchema.safeParse({ version: '7', dialect: 'postgresql', entries: [{ ...entry, tag: '../evil' }] }).success,
    ).toBe(false);
  });
});
