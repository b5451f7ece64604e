import { z } from 'zod';
import { sdkError } from '../core/errors.ts';
import type { Database } from '../db/types.ts';
import { parseAuditQuery, queryEntries } from './query.ts';
import type { AuditEntry, AuditQuery } from './types.ts';

// Streaming export of audit entries (CSV, JSON Lines, JSON) in constant memory: a page of entries at a time, read
// with the same keyset pagination and filters as `queryEntries`, and only when the consumer asks for more.

export type AuditExportFormat = 'csv' | 'jsonl' | 'json';

/** The filters of `audit.query` (the export walks every page itself, so no cursor and no limit). */
export type AuditExportQuery = Omit<AuditQuery, 'cursor' | 'limit'>;

export interface AuditExportOptions {
  format: AuditExportFormat;
  query?: AuditExportQuery;
  /** Entries read per query, 1–500. Memory is bounded by one page. @default 500 */
  pageSize?: number;
}

/** Per format: the `Content-Type` to answer with and the file extension of a download. */
export const EXPORT_CONTENT_TYPES = {
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  jsonl: { contentType: 'application/jsonl; charset=utf-8', extension: 'jsonl' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
} as const satisfies Record<AuditExportFormat, { contentType: string; extension: string }>;

const DEFAULT_PAGE_SIZE = 500;

const pageSizeSchema = z.number().int().min(1).max(500).optional();

/**
 * Every column, in the order of the CSV header and of the JSON objects. A `Record` over the keys of `AuditEntry`,
 * so a column added to entries without being added here fails the type check.
 */
const COLUMN_SET: Record<keyof AuditEntry, true> = {
  id: true,
  chain: true,
  seq: true,
  occurredAt: true,
  action: true,
  outcome: true,
  actorId: true,
  actorIp: true,
  userAgent: true,
  requestId: true,
  eventId: true,
  targetType: true,
  targetId: true,
  metadata: true,
  prevHash: true,
  hash: true,
};
const COLUMNS = Object.keys(COLUMN_SET) as (keyof AuditEntry)[];

/** What a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return at the start of a cell). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell (RFC 4180): a cell a spreadsheet would read as a formula gets a leading `'`; a cell holding a comma,
 * a quote or a line break is quoted, its quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function cellText(value: AuditEntry[keyof AuditEntry]): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The entry as exported: every column, in order; dates as ISO 8601 (what `JSON.stringify` makes of them). */
function exported(entry: AuditEntry): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of COLUMNS) row[column] = entry[column] ?? null;
  return row;
}

interface Encoder {
  /** Before the first entry. */
  head: string;
  /** One entry; `index` counts from 0 over the whole export. */
  entry(entry: AuditEntry, index: number): string;
  /** After the last entry; `count` entries were written. */
  tail(count: number): string;
}

const ENCODERS: Record<AuditExportFormat, Encoder> = {
  csv: {
    head: `${COLUMNS.join(',')}\r\n`,
    entry: (entry) => `${COLUMNS.map((column) => csvCell(cellText(entry[column]))).join(',')}\r\n`,
    tail: () => '',
  },
  jsonl: {
    head: '',
    entry: (entry) => `${JSON.stringify(exported(entry))}\n`,
    tail: () => '',
  },
  json: {
    head: '[',
    entry: (entry, index) => `${index === 0 ? '\n' : ',\n'}${JSON.stringify(exported(entry))}`,
    tail: (count) => (count === 0 ? ']\n' : '\n]\n'),
  },
};

function refuse(message: string, details: Record<string, unknown>): never {
  throw sdkError('VALIDATION_FAILED', { message, details });
}

/**
 * A stream of the entries `query` selects, newest first, as CSV (a header row, then one record per entry; the
 * metadata as a JSON cell), JSON Lines (one object per line) or JSON (one array). Entries are read a page at a
 * time (keyset pagination, as `audit.query`), and a page only when the consumer asks for more: memory stays at one
 * page whatever the size of the log, and a consumer that stops reading (a client gone, `cancel()`) stops the
 * queries. A database error while streaming errors the stream.
 * @example
 * const stream = exportEntries(db, { format: 'csv', query: { action: 'user.*' } });
 * return new Response(stream, { headers: { 'content-type': EXPORT_CONTENT_TYPES.csv.contentType } });
 * @throws SDKError `VALIDATION_FAILED` (at call time, before anything is read) for an unknown format, a bad page
 * size or bad filters.
 */
export function exportEntries(db: Database, options: AuditExportOptions): ReadableStream<Uint8Array> {
  const format = options?.format as unknown;
  if (typeof format !== 'string' || !Object.hasOwn(ENCODERS, format))
    refuse('The export format is not valid.', { field: 'format', allowed: Object.keys(ENCODERS) });
  const encoder = ENCODERS[format as AuditExportFormat];
  const pageSize = pageSizeSchema.safeParse(options.pageSize);
  if (!pageSize.success) refuse('The page size is not valid.', { field: 'pageSize' });
  const query = (options.query ?? {}) as AuditQuery;
  // The export walks every page itself: a cursor or limit of the caller's has no meaning here.
  for (const field of ['cursor', 'limit'] as const)
    if (query[field] !== undefined) refuse(`\`${field}\` is not an export filter.`, { field });
  // The same rules as `audit.query`, before the stream exists: a bad request fails before a response starts.
  const filters = parseAuditQuery(query);
  const limit = pageSize.data ?? DEFAULT_PAGE_SIZE;

  const utf8 = new TextEncoder();
  let cursor: string | undefined;
  let written = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      // Called only while a read waits (high-water mark 0): one page per read, nothing read ahead.
      async pull(controller) {
        const page = await queryEntries(db, { ...filters, limit, ...(cursor ? { cursor } : {}) });
        if (cancelled) return;
        const parts: string[] = written === 0 ? [encoder.head] : [];
        for (const entry of page.entries) parts.push(encoder.entry(entry, written++));
        cursor = page.nextCursor;
        if (!cursor) parts.push(encoder.tail(written));
        const chunk = parts.join('');
        if (chunk) controller.enqueue(utf8.encode(chunk));
        if (!cursor) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
}
