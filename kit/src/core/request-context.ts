import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What the logger and error responses know about the request (or job) being handled. */
export interface RequestContext {
  requestId: string;
  userId?: string;
  /**
   * The client's IP address as the SvelteKit handle determined it (`security.clientAddress`, trusted proxies
   * honoured). Rate limits and session records use it; without it, auth falls back to request headers, then
   * `unknown`.
   */
  clientIp?: string;
  /** The client's User-Agent, when the handle sets it (auth falls back to the request's header). */
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request context: every log line written inside carries its `requestId`. */
export function runWithRequestContext<T>(context: Partial<RequestContext>, fn: () => T): T {
  return storage.run({ ...context, requestId: context.requestId ?? randomUUID() }, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
