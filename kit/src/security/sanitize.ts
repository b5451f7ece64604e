import { domainToASCII } from 'node:url';
import sanitize from 'sanitize-html';
import { securityError } from './error-codes.ts';

/** Tags kept in user rich text: structure and emphasis only, nothing that loads, runs or styles. */
const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'code',
  'pre',
  'h2',
  'h3',
  'h4',
  'hr',
];

export interface SanitizeHtmlOptions {
  /** Tags to keep instead of the default allowlist (still without attributes other than `a[href|title]`). */
  allowedTags?: readonly string[];
  /** Longest input accepted, in characters; longer input throws `HTML_TOO_LARGE`. @default 100_000 */
  maxLength?: number;
}

/**
 * Cleans user-provided rich text with an allowlist (sanitize-html): no scripts, event handlers, styles, classes,
 * iframes or images; links only to `http:`, `https:` and `mailto:`, and every link gets
 * `rel="noopener noreferrer nofollow"`. Content of removed tags like `<script>` is dropped, not shown.
 * @example sanitizeHtml('<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:x">me</a></p>')
 * // → '<p>Hi <a rel="noopener noreferrer nofollow">me</a></p>'
 */
export function sanitizeHtml(html: string, options: SanitizeHtmlOptions = {}): string {
  const maxLength = options.maxLength ?? 100_000;
  if (typeof html !== 'string') return '';
  if (html.length > maxLength) throw securityError('HTML_TOO_LARGE', { details: { maxLength } });
  return sanitize(html, {
    allowedTags: [...(options.allowedTags ?? ALLOWED_TAGS)],
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href'],
    // `//evil.example` is a link to another site that looks relative.
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nestingLimit: 50,
    transformTags: {
      a: (tagName, attribs) => {
        const out: Record<string, string> = { rel: 'noopener noreferrer nofollow' };
        if (attribs.href !== undefined) out.href = attribs.href;
        if (attribs.title !== undefined) out.title = attribs.title;
        if (attribs.target === '_blank') out.target = '_blank';
        return { tagName, attribs: out };
      },
    },
  });
}

/**
 * C0 and C1 control characters except tab, line feed and carriage return, plus the bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) that let text display differently from what it is ("Trojan source").
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS_AND_NEWLINES = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Removes control characters (keeping tab and newlines unless `singleLine`) and bidirectional overrides.
 * @example stripControlChars('Ann\u0000e\u202E') // 'Anne'
 * @example stripControlChars('a\nb', { singleLine: true }) // 'ab'
 */
export function stripControlChars(value: string, options: { singleLine?: boolean } = {}): string {
  return value.replace(options.singleLine ? CONTROL_CHARS_AND_NEWLINES : CONTROL_CHARS, '');
}

// eslint-disable-next-line no-control-regex
const HAS_CONTROL_OR_SPACE = /[\u0000-\u0020\u007F-\u00A0\u202A-\u202E\u2066-\u2069\u2028\u2029]/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalises an email address for storage and comparison: trims it, lower-cases and IDNA-encodes the domain
 * (`Bücher.Example` → `xn--bcher-kva.example`) and checks lengths (local part ≤ 64, whole ≤ 254). The local part
 * keeps its case (RFC 5321 lets servers treat it as case-sensitive); compare addresses case-insensitively where
 * that is wanted. Throws `EMAIL_INVALID` (400) with a `reason` on control characters, spaces, a missing or second
 * `@`, or a domain that is not a hostname.
 * @example normalizeEmail('  Ada.Lovelace@Example.COM ') // 'Ada.Lovelace@example.com'
 */
export function normalizeEmail(input: string): string {
  const invalid = (reason: string) => securityError('EMAIL_INVALID', { details: { reason } });
  if (typeof input !== 'string') throw invalid('not a string');
  const value = input.trim();
  if (value.length === 0) throw invalid('empty');
  if (value.length > 254) throw invalid('longer than 254 characters');
  if (HAS_CONTROL_OR_SPACE.test(value)) throw invalid('contains spaces or control characters');
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) throw invalid('expected local-part@domain');
  const local = value.slice(0, at);
  const domainInput = value.slice(at + 1);
  // A quoted local part may legally contain "@", but no mail form needs it and it confuses every parser after us.
  if (local.includes('@')) throw invalid('more than one @');
  if (local.length > 64) throw invalid('local part longer than 64 characters');
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) throw invalid('dots in the wrong place');
  const domain = domainToASCII(domainInput.toLowerCase());
  if (domain === '' || domain.length > 253) throw invalid('the domain is not a valid hostname');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)))
    throw invalid('the domain is not a valid hostname');
  const email = `${local}@${domain}`;
  if (email.length > 254) throw invalid('longer than 254 characters');
  return email;
}

export interface SafeRedirectOptions {
  /** Absolute origins a redirect may also go to (`https://app.example.com`); relative paths are always allowed. */
  allowedOrigins?: readonly string[];
  /** Returned for anything unsafe. @default '/' */
  fallback?: string;
}

// eslint-disable-next-line no-control-regex
const UNSAFE_URL_CHARS = /[\u0000-\u0020\u007F-\u00A0\u2028\u2029\\]/;
/** Placeholder origin to resolve relative targets against; `.invalid` can never resolve (RFC 2606). */
const PLACEHOLDER_ORIGIN = 'http://sv-sdk.invalid';

/**
 * A redirect target that cannot leave the site (open-redirect protection for `?redirectTo=`): a same-origin path
 * starting with one `/`, or a URL on one of `allowedOrigins`. Rejects `//host`, `/\host`, backslashes, whitespace
 * and control characters (browsers strip or reinterpret them: `/\tevil.com` becomes `//evil.com`), and any scheme
 * such as `javascript:`. Returns the cleaned target or `fallback`.
 * @example safeRedirect('/account?tab=security') // '/account?tab=security'
 * @example safeRedirect('//evil.example/login')  // '/'
 */
export function safeRedirect(target: unknown, options: SafeRedirectOptions = {}): string {
  const fallback = options.fallback ?? '/';
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback;
  if (UNSAFE_URL_CHARS.test(target)) return fallback;
  if (target.startsWith('/')) {
    if (target.startsWith('//')) return fallback;
    let url: URL;
    try {
      url = new URL(target, PLACEHOLDER_ORIGIN);
    } catch {
      return fallback;
    }
    // Belt and braces: whatever the parser made of it must still be on the placeholder origin.
    if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // What we answer is resolved again by the browser: it must stay on the origin too. Dot segments collapse to a
    // protocol-relative URL (`/.//evil.example`, `/%2e//evil.example`, `/a/..//evil.example` → `//evil.example`).
    if (path.startsWith('//') || new URL(path, PLACEHOLDER_ORIGIN).origin !== PLACEHOLDER_ORIGIN) return fallback;
    return path;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return fallback;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fallback;
  if (url.username || url.password) return fallback;
  const allowed = new Set(
    (options.allowedOrigins ?? []).map(originOf).filter((origin): origin is string => origin !== undefined),
  );
  return allowed.has(url.origin) ? url.href : fallback;
}

function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}
