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
  /**
   * Sets a cookie on the response to this request. The SvelteKit handle puts `event.cookies.set` here, so cookies
   * set by server-side calls made while handling the request (a session renewed by `auth.getSession`, an
   * `auth.api.*` call in an action) reach the browser.
   */
  setCookie?: (name: string, value: string, options: ResponseCookieOptions) => void;
}

/** A cookie's attributes, as SvelteKit's `cookies.set` takes them. */
export interface ResponseCookieOptions {
  path: string;
  domain?: string;
  expires?: Date;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
  partitioned?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with a request context: every log line written inside carries its `requestId`. */
export function runWithRequestContext<T>(context: Partial<RequestContext>, fn: () => T): T {
  return storage.run({ ...context, requestId: context.requestId ?? randomUUID() }, fn);
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
