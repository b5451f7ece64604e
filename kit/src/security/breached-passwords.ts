import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
// The list as a module (see data/generate-common-passwords.ts): 20,000 common passwords and the famous passphrases,
// lower-case, one a line. A module rather than a file read beside this one, so apps that bundle the kit keep it.
import { COMMON_PASSWORDS_GZIP_BASE64 } from './data/common-passwords.generated.ts';
import { compactPassword, passwordForms } from './password-forms.ts';

let bundled: Promise<ReadonlySet<string>> | undefined;

/**
 * The bundled common-password list, read and unpacked once on first use (~120 KB gzip, ~2 MB as a Set): every entry
 * as listed and compacted (`compactPassword`: no spaces or separators), the forms `isCommonPassword` looks up.
 * @example (await loadCommonPasswords()).has('correcthorsebatterystaple') // true
 */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  bundled ??= Promise.resolve().then(() => {
    const set = new Set<string>();
    for (const entry of gunzipSync(Buffer.from(COMMON_PASSWORDS_GZIP_BASE64, 'base64')).toString('utf8').split('\n')) {
      if (entry === '') continue;
      set.add(entry);
      const compact = compactPassword(entry);
      if (compact !== '') set.add(compact);
    }
    return set;
  });
  return bundled;
}

/**
 * True when the password, or a trivial variant of it, is on the offline list: compared case-insensitively, with and
 * without spaces and separators, without a short tail of digits/symbols and with look-alike digits read as letters
 * (`passwordForms`), so `Correct-Horse-Battery-Staple-1!` and `c0rrect horse battery staple` are listed too.
 * Offline and instant after the first load; covers the most common and famous passwords, not every breach.
 * @example await isCommonPassword('Password123') // true
 */
export async function isCommonPassword(password: string, list?: ReadonlySet<string>): Promise<boolean> {
  const set = list ?? (await loadCommonPasswords());
  return passwordForms(password).some((form) => set.has(form));
}

export interface PwnedPasswordsOptions {
  /** Base URL of the range API. @default 'https://api.pwnedpasswords.com' */
  baseUrl?: string;
  /** Give up after this long and let the caller fall back to the offline list. @default 1500 */
  timeoutMs?: number;
  /** `fetch` to use (tests, proxies). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Sent as `User-Agent`, which the API asks for. @default 'sv-sdk' */
  userAgent?: string;
}

/** Largest range response read; real ones are ~30 KB (about 1,000 suffixes with padding). */
const MAX_RANGE_BYTES = 2_000_000;

/**
 * Asks the Pwned Passwords range API whether a password appears in known breaches, by k-anonymity: only the first
 * 5 hex characters of its SHA-1 leave the process, and the suffix is matched locally among the ~1,000 returned.
 * Asks for padded responses so their size does not hint at the prefix. Returns the number of times seen (0: not
 * found), or `undefined` when the service could not answer in time — callers then rely on the offline list
 * (fail open: an outage must not stop sign-ups).
 * @example const seen = await pwnedPasswordCount('correct horse battery staple'); // e.g. 397 or undefined
 */
export async function pwnedPasswordCount(
  password: string,
  options: PwnedPasswordsOptions = {},
): Promise<number | undefined> {
  const digest = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
  const prefix = digest.slice(0, 5);
  const suffix = digest.slice(5);
  const baseUrl = (options.baseUrl ?? 'https://api.pwnedpasswords.com').replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(`${baseUrl}/range/${prefix}`, {
      headers: { 'Add-Padding': 'true', 'User-Agent': options.userAgent ?? 'sv-sdk' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 1500),
      redirect: 'error',
    });
    if (!response.ok) return undefined;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > MAX_RANGE_BYTES) return undefined;
    const text = await response.text();
    if (text.length > MAX_RANGE_BYTES) return undefined;
    for (const line of text.split('\n')) {
      const separator = line.indexOf(':');
      if (separator === -1) continue;
      if (line.slice(0, separator).trim().toUpperCase() === suffix) {
        const count = Number.parseInt(line.slice(separator + 1).trim(), 10);
        // Padding entries have a count of 0: they are decoys, not breaches.
        return Number.isFinite(count) && count > 0 ? count : 0;
      }
    }
    return 0;
  } catch {
    return undefined;
  }
}
