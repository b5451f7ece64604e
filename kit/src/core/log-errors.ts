/**
 * The logger's error serializer: what an error looks like in a log line. Database errors are written by query shape
 * and error code, never with their parameters: Drizzle's `DrizzleQueryError` puts the parameters of a failed query
 * (emails, session tokens, password hashes) in its message and on a `params` property, PGlite hangs `params` on its
 * errors, and a server error's `detail` quotes the values of a row (`Key (email)=(ann@example.com) already exists`).
 */

/** At most this many characters of a failed query's SQL go into a line. */
const QUERY_SHAPE_LIMIT = 1000;
/** Causes and aggregated errors followed at most this deep. */
const MAX_DEPTH = 6;
const MAX_AGGREGATED = 10;

const SQLSTATE = /^[0-9A-Z]{5}$/;
const REDACTED = '[redacted]';

/** Properties that carry a query's values (or the query options holding them): never copied into a line. */
const VALUE_KEYS = new Set([
  'params',
  'parameters',
  'args',
  'queryOptions',
  'detail',
  'internalQuery',
  'internal_query',
]);
/** Properties of a server error (postgres-js, PGlite) that name things, not values. */
const SERVER_ERROR_KEYS = [
  'severity',
  'schema',
  'schema_name',
  'table',
  'table_name',
  'column',
  'column_name',
  'dataType',
  'data_type_name',
  'constraint',
  'constraint_name',
  'routine',
] as const;

type ErrorLike = Error & Record<string, unknown>;

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/**
 * Drops the parameters that Drizzle appends to a failed query's message (`Failed query: …\nparams: …`), wherever
 * that message was copied (another error's message, a stack, a log message). Where the parameters end cannot be told
 * (a value may hold line breaks), so everything after them goes too.
 */
export function scrubQueryParams(text: string): string {
  const query = text.indexOf('Failed query: ');
  if (query === -1) return text;
  const params = text.indexOf('\nparams: ', query);
  return params === -1 ? text : `${text.slice(0, params)}\nparams: ${REDACTED}`;
}

/** The SQL text of a query (placeholders, no values), on one line and cut at {@link QUERY_SHAPE_LIMIT}. */
function queryShape(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > QUERY_SHAPE_LIMIT ? `${flat.slice(0, QUERY_SHAPE_LIMIT)}…` : flat;
}

/** Drizzle's error, known by shape: it sets no `name`, and another copy of drizzle-orm fails `instanceof`. */
function isDrizzleQueryError(error: ErrorLike): boolean {
  return typeof error.query === 'string' && 'params' in error && error.message.startsWith('Failed query: ');
}

/** An error sent by the PostgreSQL server (postgres-js `PostgresError`, PGlite's `DatabaseError`). */
function isServerError(error: ErrorLike): boolean {
  return typeof error.code === 'string' && SQLSTATE.test(error.code) && typeof error.severity === 'string';
}

/** The first SQLSTATE or connection code (`ECONNREFUSED`, `CONNECTION_CLOSED`) down an error's cause chain. */
function codeInChain(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && isErrorLike(current); depth++) {
    if (typeof current.code === 'string' && current.code !== '') return current.code;
    current = current.cause;
  }
  return undefined;
}

/**
 * A server error's message without the values some of them quote: data exceptions (class 22) such as
 * `invalid input syntax for type uuid: "<the value sent>"`. Other classes quote identifiers only.
 */
function serverMessage(message: string, code: string): string {
  return code.startsWith('22') ? message.replace(/"[^"]*"/g, `"${REDACTED}"`) : message;
}

/** The class name, else `name` (a copy made with `new Error()` and the original's name keeps that name). */
function typeOf(error: ErrorLike): string {
  const constructor = (error as { constructor?: unknown }).constructor;
  const className = typeof constructor === 'function' ? constructor.name : '';
  // Minified classes (PGlite's) have one- or two-letter names.
  // An error already reduced to a plain object (`{ type, message, stack }`) keeps its type.
  const reduced = error as Record<string, unknown>;
  if (!(error instanceof Error) && typeof reduced.type === 'string') return reduced.type;
  if (className.length > 2 && className !== 'Error') return className;
  return typeof error.name === 'string' && error.name !== '' ? error.name : 'Error';
}

/** `stack` with its first lines (the message, which may hold parameters) replaced by `header`. */
function stackWith(stack: unknown, header: string): string | undefined {
  if (typeof stack !== 'string') return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? `${header}\n${frames.join('\n')}` : header;
}

function serialize(error: ErrorLike, depth: number, seen: Set<object>): Record<string, unknown> {
  seen.add(error);
  // PGlite's errors are named `error`: call them what pg calls them.
  const type = isServerError(error) && typeOf(error) !== 'PostgresError' ? 'DatabaseError' : typeOf(error);
  const out: Record<string, unknown> = { type };
  if (isDrizzleQueryError(error)) {
    out.message = 'Failed query';
    const code = codeInChain(error.cause);
    if (code !== undefined) out.code = code;
    out.query = queryShape(error.query as string);
  } else if (isServerError(error)) {
    const code = error.code as string;
    out.message = serverMessage(error.message, code);
    out.code = code;
    for (const key of SERVER_ERROR_KEYS) {
      const value = error[key];
      if (typeof value === 'string' && value !== '') out[key] = value;
    }
    // PGlite keeps the failed query's text on its errors (postgres-js only with its `debug` option).
    if (typeof error.query === 'string') out.query = queryShape(error.query);
  } else {
    out.message = scrubQueryParams(error.message);
    // What pino's own serializer does: every enumerable property, errors among them serialized in turn.
    for (const key in error) {
      if (key in out || key === 'cause' || key === 'errors' || key === 'stack' || VALUE_KEYS.has(key)) continue;
      const value = error[key];
      if (key === 'query' && typeof value === 'string') out.query = queryShape(value);
      else if (isErrorLike(value))
        out[key] = seen.has(value) || depth >= MAX_DEPTH ? '[error]' : serialize(value, depth + 1, seen);
      else if (typeof value === 'string') out[key] = scrubQueryParams(value);
      else out[key] = value;
    }
  }
  const stack = stackWith(error.stack, `${type}: ${out.message as string}`);
  if (stack !== undefined) out.stack = stack;
  if (Array.isArray(error.errors) && depth < MAX_DEPTH) {
    out.aggregateErrors = error.errors
      .slice(0, MAX_AGGREGATED)
      .map((item: unknown) => (isErrorLike(item) && !seen.has(item) ? serialize(item, depth + 1, seen) : String(item)));
  }
  const cause = error.cause;
  if (isErrorLike(cause)) {
    if (!seen.has(cause) && depth < MAX_DEPTH) out.cause = serialize(cause, depth + 1, seen);
  } else if (typeof cause === 'string') {
    out.cause = scrubQueryParams(cause);
  } else if (typeof cause === 'number' || typeof cause === 'boolean') {
    out.cause = cause;
  }
  return out;
}

/**
 * pino's `err` serializer, safe for database errors: `{ type, message, code?, query?, stack, cause? }`, the cause
 * chain nested (each link serialized by the same rules), never the parameters of a query or the values in a
 * server error's `detail`. Other errors keep their enumerable properties, as with pino's standard serializer.
 * Anything that is not an error is returned unchanged.
 * @example createLogger() uses it for `err` and `error`; logger.error({ err }, 'sign-in failed')
 */
export function serializeError(value: unknown): unknown {
  return isErrorLike(value) ? serialize(value, 0, new Set()) : value;
}
