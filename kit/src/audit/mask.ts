import { rememberCanonicalJson, sortKeys } from './hash.ts';

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
/** ES2024's string methods (Node 20+), beyond the ES2023 lib the kit compiles against. */
type WellFormed = string & { isWellFormed(): boolean; toWellFormed(): string };
/**
 * A string as PostgreSQL keeps it: text and jsonb refuse NUL, and a lone surrogate is refused by jsonb (JSON.stringify
 * writes it as `\ud800`) or replaced in text, so it would not read back as it was hashed.
 */
export function storable(text: string): string {
  const clean = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return (clean as WellFormed).isWellFormed() ? clean : (clean as WellFormed).toWellFormed();
}
/** Key decisions remembered (masked or not): keys repeat from entry to entry; bounded, as keys may be data. */
const DECISIONS = 10_000;

export interface MaskOptions {
  /** Extra keys to mask (beside DEFAULT_MASKED_KEYS). */
  keys?: readonly string[];
  maxBytes?: number;
}

export function createMasker(options: MaskOptions = {}) {
  const masked = new Set<string>([...DEFAULT_MASKED_KEYS, ...(options.keys ?? []).map(normalise)]);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_METADATA_BYTES;
  const decisions = new Map<string, boolean>();
  const isMasked = (key: string): boolean => {
    let decision = decisions.get(key);
    if (decision === undefined) {
      decision = masked.has(normalise(key));
      if (decisions.size >= DECISIONS) decisions.clear();
      decisions.set(key, decision);
    }
    return decision;
  };
  /** Whether the value being cleaned has only keys whose order JSON.stringify keeps as sorted (see `clean`). */
  let canonical = true;
  /** Off while cutting oversized metadata, which keeps the first small values in the caller's key order. */
  let sorting = true;
  /**
   * An upper bound of the cleaned value's JSON size in bytes (a UTF-16 unit is at most 6 bytes, as `\u001f`): below
   * `maxBytes`, the JSON is not needed here and is written once, by the writer.
   */
  let bound = 0;
  const text = (value: string) => {
    bound += 6 * value.length + 2;
    return value;
  };

  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(storable(value));
    // The longest JSON of a finite number is 24 characters (-2.2250738585072014e-308).
    bound += 25;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'boolean' || value === null) return value;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : text(value.toISOString());
    if (typeof value === 'bigint') return text(value.toString());
    if (typeof value !== 'object' || value === undefined) return undefined;
    if (depth >= 6) return text('[too deep]');
    if (Array.isArray(value)) {
      // Holes become null, as JSON.stringify writes them.
      const out: unknown[] = new Array(Math.min(value.length, 100));
      for (let index = 0; index < out.length; index += 1) {
        bound += 5;
        out[index] = clean(value[index], depth + 1) ?? null;
      }
      return out;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    // Keys in sorted order, so JSON.stringify of the result is its canonical JSON (hash.ts) — unless a key is
    // integer-like (objects list those first) or holds a NUL (keys are then taken in their own order, as written).
    let ordered = true;
    for (const key of keys) {
      const first = key.charCodeAt(0);
      if ((first >= 48 && first <= 57) || key.includes('\u0000')) ordered = false;
    }
    if (ordered && sorting) sortKeys(keys);
    else canonical = false;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const item = record[key];
      bound += 2; // ':' and ','
      if (isMasked(key)) {
        if (item !== undefined && item !== null) out[text(key)] = text(MASK);
        continue;
      }
      const cleaned = clean(item, depth + 1);
      if (cleaned === undefined) continue;
      const name = text(storable(key));
      if (name !== key) canonical = false;
      out[name] = cleaned;
    }
    return out;
  };

  /** The metadata as stored: masked, cleaned, and at most `maxBytes` of JSON (else a marker and its size). */
  return function mask(metadata: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
    canonical = true;
    bound = 0;
    const cleaned = (clean(metadata ?? {}, 0) ?? {}) as Record<string, unknown>;
    // Small for sure: the JSON is left to the writer. Else it is written now, to measure it.
    const json = bound <= maxBytes ? undefined : JSON.stringify(cleaned);
    const size = json === undefined ? 0 : Buffer.byteLength(json);
    if (size <= maxBytes) {
      if (canonical && typeof cleaned === 'object') rememberCanonicalJson(cleaned, json);
      return cleaned;
    }
    // Keep the small top-level values; drop the large ones, saying so.
    sorting = false;
    const unsorted = (clean(metadata ?? {}, 0) ?? {}) as Record<string, unknown>;
    sorting = true;
    const kept: Record<string, unknown> = {};
    let used = 64;
    const dropped: string[] = [];
    for (const [key, value] of Object.entries(unsorted)) {
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
