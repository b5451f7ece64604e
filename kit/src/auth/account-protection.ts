import { createHmac, randomBytes } from 'node:crypto';
import { isSDKError } from '../core/errors.ts';
import type { RateLimiter } from '../security/rate-limit/limiter.ts';

/**
 * Guessing is slowed, the owner is never locked out (OWASP, "Slow down online guessing attacks with device
 * cookies"): a browser where the account signed in before carries a signed device cookie, and its failures count
 * per (account, device) in `sign-in-device`; every other browser shares the account-wide `sign-in` budget and lock.
 * A stranger who knows only the email locks out strangers, not the owner's devices; and the owner on a new device
 * still has the mailed link, which is always sent (below) and clears the failures when used.
 */

/** The device cookie's name (better-auth prefixes it: `better-auth.sv_device`). */
export const DEVICE_COOKIE = 'sv_device';
/** A year: a device stays known while it is used at least once a year. */
export const DEVICE_COOKIE_MAX_AGE = 365 * 86_400;

/** The slice of better-auth's endpoint context that device cookies need. */
export interface DeviceCookieContext {
  context: {
    secret: string;
    createAuthCookie(name: string, options?: { maxAge?: number }): { name: string; attributes: object };
  };
  getSignedCookie(name: string, secret: string): Promise<string | null | false | undefined>;
  setSignedCookie(name: string, value: string, secret: string, attributes?: object): Promise<unknown>;
}

/** An account's tag in the device cookie: keyed HMAC, so the cookie names no email. */
function accountTag(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`sv-sdk-device:${email}`).digest('base64url').slice(0, 22);
}

/** The (account, device) key of `email` when this request comes from a device where that account signed in before. */
export async function knownDeviceKey(ctx: DeviceCookieContext, email: string): Promise<string | undefined> {
  const cookie = ctx.context.createAuthCookie(DEVICE_COOKIE);
  const value = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (typeof value !== 'string') return undefined;
  const [tag, device] = value.split('!');
  if (!device || tag !== accountTag(ctx.context.secret, email)) return undefined;
  return `${email}#${device}`;
}

/** After a successful sign-in: this browser is a known device of `email` from now on (the id is kept if it was). */
export async function rememberDevice(ctx: DeviceCookieContext, email: string, knownKey?: string): Promise<void> {
  const device = knownKey?.split('#').pop() ?? randomBytes(12).toString('base64url');
  const cookie = ctx.context.createAuthCookie(DEVICE_COOKIE, { maxAge: DEVICE_COOKIE_MAX_AGE });
  await ctx.setSignedCookie(cookie.name, `${accountTag(ctx.context.secret, email)}!${device}`, ctx.context.secret, {
    ...cookie.attributes,
    maxAge: DEVICE_COOKIE_MAX_AGE,
  });
}

/** Which sign-in budget an attempt uses: the device's own, or the account-wide one. */
export function signInBudget(
  email: string,
  deviceKey: string | undefined,
  ip: string | undefined,
): { policy: 'sign-in' | 'sign-in-device'; keys: { account: string; ip?: string } } {
  const keys = { account: deviceKey ?? email, ...(ip === undefined ? {} : { ip }) };
  return { policy: deviceKey ? 'sign-in-device' : 'sign-in', keys };
}

/**
 * Mails that prove the mailbox (reset, magic link, verification) are limited per IP with a 429, but per account only
 * by not sending more: the answer stays the same, so a stranger can neither lock the owner out of recovery nor learn
 * anything, and the links the stranger's requests sent are in the owner's mailbox anyway.
 * @returns `false` when the account's mail budget is used up (answer as usual, send nothing).
 */
export async function mayMail(
  limiter: RateLimiter,
  policy: string,
  email: string,
  ip: string | undefined,
): Promise<boolean> {
  if (ip !== undefined) await limiter.consume(policy, { ip });
  try {
    await limiter.consume(policy, { account: email });
    return true;
  } catch (error) {
    if (isSDKError(error, 'RATE_LIMITED')) return false;
    throw error;
  }
}

/** Endpoints that check the signed-in user's password: their failures count with the sign-in failures. */
export const PASSWORD_CHECKED_PATHS: ReadonlySet<string> = new Set([
  '/change-password',
  '/delete-user',
  '/two-factor/enable',
  '/two-factor/disable',
  '/two-factor/get-totp-uri',
  '/two-factor/generate-backup-codes',
]);
