import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time. Both sides are hashed with SHA-256 first, so the comparison takes the same
 * time whatever the lengths are (`timingSafeEqual` alone throws on different lengths, and an early length check
 * leaks the length of the secret).
 * @example if (!constantTimeEqual(presentedToken, storedToken)) throw sdkError('UNAUTHENTICATED')
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  // The digests are equal-length by construction; equal digests of different inputs would be a SHA-256 collision.
  return timingSafeEqual(left, right);
}

/** Smallest and largest token sizes accepted, in random bytes: 16 bytes = 128 bits is the floor for secrets. */
const MIN_TOKEN_BYTES = 16;
const MAX_TOKEN_BYTES = 1024;

/**
 * A random token from the operating system's CSPRNG, base64url-encoded (URL- and cookie-safe, no padding).
 * @param bytes random bytes (16..1024). @default 32
 * @example const token = generateToken(); // 43 characters, 256 bits
 */
export function generateToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES || bytes > MAX_TOKEN_BYTES) {
    throw new RangeError(`generateToken: bytes must be an integer from ${MIN_TOKEN_BYTES} to ${MAX_TOKEN_BYTES}`);
  }
  return randomBytes(bytes).toString('base64url');
}

/**
 * The form in which a token is stored at rest: SHA-256, base64url. A fast hash is right here (unlike passwords)
 * because tokens from `generateToken` carry 128+ bits of entropy, so the hash cannot be brute-forced; a leaked
 * table of hashes then gives no usable token.
 * @example await db.insert(resetTokens).values({ tokenHash: hashToken(token), userId })
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/**
 * True when `token` hashes to `storedHash`, compared in constant time.
 * @example if (!verifyToken(fromLink, row.tokenHash)) throw securityError(…)
 */
export function verifyToken(token: string, storedHash: string): boolean {
  return constantTimeEqual(hashToken(token), storedHash);
}

/**
 * Key names whose values are secrets, compared case-insensitively with `-` and `_` ignored. It mirrors the
 * logger's redaction list (core/logger.ts) and adds the security layer's own variables.
 */
const SECRET_KEY_NAMES = [
  'password',
  'newpassword',
  'currentpassword',
  'passwordhash',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'sessiontoken',
  'apikey',
  'authorization',
  'cookie',
  'setcookie',
  'databaseurl',
  'redisurl',
  'smtpurl',
  'betterauthsecret',
  'fieldencryptionkey',
  'fieldencryptionkeysold',
  'fieldindexkey',
  'awssecretaccesskey',
  'brevoapikey',
  'privatekey',
];
const SECRET_KEYS = new Set(SECRET_KEY_NAMES);
/** Also redacted: any key that ends like a secret (`stripeSecret`, `githubToken`, `x-api-key`). */
const SECRET_SUFFIX = /(password|secret|token|apikey|privatekey)$/;
/** `scheme://user:password@host` in any string value: the password part is replaced. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;

/**
 * What `redactSecrets` puts in place of a secret (the logger uses the same text).
 * @example redactSecrets({ token: 't' }).token === REDACTED // true
 */
export const REDACTED = '[redacted]';

function isSecretKey(key: string): boolean {
  const compact = key.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_KEYS.has(compact) || SECRET_SUFFIX.test(compact);
}

/**
 * A deep copy of `value` with secret-looking keys replaced by `[redacted]` and passwords in URLs masked. For error
 * details, audit payloads and anything else that may be shown or stored; the logger redacts on its own. Cycles
 * and depth beyond `maxDepth` are cut rather than followed.
 * @example redactSecrets({ user: 'a', password: 'x', db: 'postgres://u:pw@h/db' })
 * // → { user: 'a', password: '[redacted]', db: 'postgres://u:[redacted]@h/db' }
 */
export function redactSecrets<T>(value: T, options: { maxDepth?: number } = {}): T {
  const maxDepth = options.maxDepth ?? 8;
  const seen = new WeakSet<object>();
  const walk = (input: unknown, depth: number): unknown => {
    if (typeof input === 'string') return input.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
    if (input === null || typeof input !== 'object') return input;
    if (seen.has(input)) return '[circular]';
    if (depth >= maxDepth) return '[truncated]';
    seen.add(input);
    try {
      if (Array.isArray(input)) return input.map((item) => walk(item, depth + 1));
      if (input instanceof Date) return new Date(input.getTime());
      if (input instanceof Map) {
        return new Map(
          [...input].map(([key, item]) => [
            key,
            typeof key === 'string' && isSecretKey(key) ? REDACTED : walk(item, depth + 1),
          ]),
        );
      }
      if (input instanceof Error) {
        return { name: input.name, message: walk(input.message, depth + 1) };
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(input)) {
        out[key] = isSecretKey(key) ? REDACTED : walk(item, depth + 1);
      }
      return out;
    } finally {
      // Only ancestors count as cycles: the same object twice side by side is redacted twice, not cut.
      seen.delete(input);
    }
  };
  return walk(value, 0) as T;
}
