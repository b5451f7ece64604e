/**
 * What the audit log keeps of an event's data: secrets masked by key, strings cleaned of what PostgreSQL's jsonb
 * refuses, and the whole bounded in size (a marker says what was cut).
 */

/** Keys whose values are secrets wherever they appear (case-insensitive, `_`/`-` ignored). */
export const DEFAULT_MASKED_KEYS = [
  'password',
  'newpassword',
  'currentpassword',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'secret',
  'apikey',
  'authorization',
  'cookie',
  'otp',
  'backupcodes',
  // The one-time links of *_requested events carry their token.
  'url',
] as const;

export const MASK = '[masked]';
/** Default bound of an entry's metadata, in bytes of its JSON. */
export const DEFAULT_MAX_METADATA_BYTES = 8192;

const normalise = (key: string) => key.toLowerCase().replace(/[_-]/g, '');
/** PostgreSQL's jsonb refuses NUL in strings. */
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

export interface MaskOptions {
  /** Extra keys to mask (beside DEFAULT_MASKED_KEYS). */
  keys?: readonly string[];
  maxBytes?: number;
}

export function createMasker(options: MaskOptions = {}) {
  const masked = new Set([...DEFAULT_MASKED_KEYS, ...(options.keys ?? []).map(normalise)]);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_METADATA_BYTES;

  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return withoutNul(value);
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'boolean' || value === null) return value;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === undefined) return undefined;
    if (depth >= 6) return '[too deep]';
    if (Array.isArray(value)) return value.slice(0, 100).map((item) => clean(item, depth + 1) ?? null);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (masked.has(normalise(key))) {
        if (item !== undefined && item !== null) out[key] = MASK;
        continue;
      }
      const cleaned = clean(item, depth + 1);
      if (cleaned !== undefined) out[withoutNul(key)] = cleaned;
    }
    return out;
  };

  /** The metadata as stored: masked, cleaned, and at most `maxBytes` of JSON (else a marker and its size). */
  return function mask(metadata: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
    const cleaned = (clean(metadata ?? {}, 0) ?? {}) as Record<string, unknown>;
    const size = Buffer.byteLength(JSON.stringify(cleaned));
    if (size <= maxBytes) return cleaned;
    // Keep the small top-level values; drop the large ones, saying so.
    const kept: Record<string, unknown> = {};
    let used = 64;
    const dropped: string[] = [];
    for (const [key, value] of Object.entries(cleaned)) {
      const bytes = Buffer.byteLength(JSON.stringify(value)) + key.length + 4;
      if (used + bytes <= maxBytes / 2) {
        kept[key] = value;
        used += bytes;
      } else dropped.push(key);
    }
    return { ...kept, _truncated: { bytes: size, limit: maxBytes, dropped: dropped.slice(0, 20) } };
  };
}

export type Masker = ReturnType<typeof createMasker>;
