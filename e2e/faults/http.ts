// Requests as the load's clients send them (through the simulated proxy: X-Forwarded-For of their own, so the rate
// limits stay on and separate), and what each answer counts as.
import { PROXY_HEADERS } from '../demo-env.ts';

export interface Answer {
  status: number;
  ms: number;
  headers: Headers | undefined;
  body: string;
  /** Why there is no answer (status 0): a timeout or a refused connection. */
  error?: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  ip: string;
  cookie?: string;
  json?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/** Never throws: no answer is status 0 with the reason. */
export async function send(base: string, path: string, options: RequestOptions): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method: options.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...PROXY_HEADERS,
        'x-forwarded-for': options.ip,
        ...(options.method === 'POST' ? { origin: base } : {}),
        ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, headers: response.headers, body };
  } catch (error) {
    const reason =
      error instanceof Error
        ? `${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}`
        : String(error);
    return { status: 0, ms: performance.now() - started, headers: undefined, body: '', error: reason };
  }
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * What an answer counts as. `ok`: the expected success; `unavailable`: a proper 503 (Retry-After, and for JSON the
 * code SERVICE_UNAVAILABLE); `unauthenticated`: a valid session or valid credentials refused (401, a null session, a
 * redirect to /login); the rest are faults of their own kind.
 */
export type Kind =
  'ok' | 'unavailable' | 'bad-503' | 'unauthenticated' | 'server-error' | 'rate-limited' | 'other' | 'no-answer';

/** A 503 as the contract has it: Retry-After, and `{ error: { code: 'SERVICE_UNAVAILABLE' } }` when JSON. */
export function unavailableKind(answer: Answer): Kind {
  const retryAfter = answer.headers?.get('retry-after');
  const isJson = answer.headers?.get('content-type')?.includes('application/json') ?? false;
  const code = (parseJson(answer.body) as { error?: { code?: string } } | undefined)?.error?.code;
  if (!retryAfter) return 'bad-503';
  if (isJson && code !== 'SERVICE_UNAVAILABLE') return 'bad-503';
  return 'unavailable';
}

/** The kind of an answer that is not the expected success. */
export function faultKind(answer: Answer): Kind {
  if (answer.status === 0) return 'no-answer';
  if (answer.status === 503) return unavailableKind(answer);
  if (answer.status === 401) return 'unauthenticated';
  if (answer.status === 429) return 'rate-limited';
  if (answer.status >= 500) return 'server-error';
  return 'other';
}

/** `better-auth.session_token=<token>.<signature>` pairs of the Set-Cookie headers, as a Cookie header. */
export function sessionCookieOf(answer: Answer): string {
  return (answer.headers?.getSetCookie() ?? [])
    .map((header) => header.split(';')[0] ?? '')
    .filter((pair) => /session_token=./.test(pair))
    .join('; ');
}

/** The token (before the signature) of a session cookie, decoded. */
export function sessionTokenOf(cookie: string): string | undefined {
  const value = /session_token=([^;]+)/.exec(cookie)?.[1];
  if (!value) return undefined;
  return decodeURIComponent(value).split('.')[0];
}

/** The p-th percentile (nearest rank) of the values, or null when there are none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank] as number);
}
