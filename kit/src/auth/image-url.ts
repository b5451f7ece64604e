import { sdkError, type SDKError } from '../core/errors.ts';
import { toApiError } from './error-codes.ts';

/** Longest `https:` image URL a user row keeps. */
export const MAX_IMAGE_URL_LENGTH = 2048;
/** Longest inline `data:image/…;base64,` avatar (≈ 6 KB of image): it travels in every session cache entry. */
export const MAX_IMAGE_DATA_URL_LENGTH = 8192;

/** The raster types an inline avatar may have, and the bytes each file starts with (SVG is never one: scripts). */
const DATA_IMAGE_TYPES: Record<string, (bytes: Buffer) => boolean> = {
  png: (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpeg: (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  gif: (bytes) => /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1')),
  webp: (bytes) =>
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]+={0,2})$/;

/**
 * Why a user's `image` value is refused, or undefined when it may be stored. `null` clears the image. Accepted: an
 * absolute `https:` URL (no credentials, at most 2,048 characters) or a base64 `data:` URL of a PNG, JPEG, GIF or
 * WebP image whose bytes are one (at most 8,192 characters). Anything else — `javascript:`, `http:`, relative
 * paths, `data:text/html`, SVG — would be put in an `<img src>` or a link by some page.
 */
export function imageUrlProblem(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'string') return 'NOT_A_STRING';
  if (value.startsWith('data:')) {
    if (value.length > MAX_IMAGE_DATA_URL_LENGTH) return 'TOO_LONG';
    const match = DATA_IMAGE.exec(value);
    const type = match?.[1];
    const payload = match?.[2] ?? '';
    if (!type || payload.length % 4 !== 0) return 'IMAGE_TYPE';
    const sniff = DATA_IMAGE_TYPES[type];
    return sniff?.(Buffer.from(payload, 'base64')) ? undefined : 'IMAGE_TYPE';
  }
  if (value.length > MAX_IMAGE_URL_LENGTH) return 'TOO_LONG';
  // Whitespace or controls anywhere would be dropped or encoded by the parser: the stored text would not be the URL.
  // eslint-disable-next-line no-control-regex -- the point: control characters
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'URL_SCHEME';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'URL_SCHEME';
  }
  if (url.protocol !== 'https:' || !url.hostname || !value.toLowerCase().startsWith('https://')) return 'URL_SCHEME';
  if (url.username || url.password) return 'URL_CREDENTIALS';
  return undefined;
}

/** `VALIDATION_FAILED` 400 for a refused image, `details: { field, reason }`. */
export function imageUrlError(field: string, reason: string): SDKError {
  return sdkError('VALIDATION_FAILED', {
    message: 'The image must be an https:// URL or a PNG, JPEG, GIF or WebP data: URL.',
    details: { field, reason },
  });
}

/**
 * Refuses a request that would store a bad user image: `image` of the body (update-user, sign-up) and the admin's
 * `data.image` (admin update-user, create-user). Runs in better-auth's before hooks, for every endpoint.
 */
export function assertImageInputs(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  const data = record.data !== null && typeof record.data === 'object' ? (record.data as Record<string, unknown>) : {};
  for (const [field, value] of [
    ['image', record.image],
    ['data.image', data.image],
  ] as const) {
    if (value === undefined) continue;
    const problem = imageUrlProblem(value);
    if (problem) throw toApiError(imageUrlError(field, problem));
  }
}
