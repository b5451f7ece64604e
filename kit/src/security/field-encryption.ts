import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { sdkError } from '../core/errors.ts';
import { securityError } from './error-codes.ts';

/** One AES-256 key and the id written into every envelope it seals. */
export interface EncryptionKey {
  /** 1–32 characters of `A-Z a-z 0-9 _ -`; by default derived from the key itself (see `keyFingerprint`). */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface FieldEncryptionOptions {
  /** The key new values are sealed with. */
  current: EncryptionKey;
  /** Former keys, still accepted for decryption (rotation). */
  previous?: readonly EncryptionKey[];
  /** Separate 32-byte key of the blind index (`hmacIndex`); without it `hmacIndex` throws. */
  indexKey?: Buffer;
}

/** Encrypts and decrypts column values; see `createFieldEncryption`. */
export interface FieldEncryption {
  /** Id of the current key. */
  readonly currentKeyId: string;
  /** Seals `plaintext`; `associatedData` (e.g. the row id) must be given again to decrypt. */
  encrypt(plaintext: string, associatedData?: string): string;
  /** Opens an envelope sealed by any configured key; throws `FIELD_*` errors, never returns garbage. */
  decrypt(envelope: string, associatedData?: string): string;
  /** True when the envelope was sealed by a key other than the current one. */
  needsReencryption(envelope: string): boolean;
  /** Decrypts and seals again with the current key (returns the envelope unchanged when already current). */
  reencrypt(envelope: string, associatedData?: string): string;
  /** True when the value looks like one of our envelopes (does not check that it decrypts). */
  isEncrypted(value: string): boolean;
  /**
   * Deterministic HMAC-SHA256 of `value` with the index key, for equality lookups of an encrypted column
   * (`WHERE email_index = $1`). `context` separates columns, so equal values in two columns index differently.
   */
  hmacIndex(value: string, context?: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** Bounds the work done on a value that is not ours before rejecting it (64 MiB of ciphertext is already absurd). */
const MAX_ENVELOPE_LENGTH = 90_000_000;

/**
 * A short, stable id for a key: 8 base64url characters of SHA-256 over a label and the key. It names the key in
 * envelopes without revealing anything usable about it (48 bits of a hash of a 256-bit random key).
 * @example keyFingerprint(Buffer.alloc(32)) // 'Xc4…' (8 characters)
 */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update('sv-sdk field key id\0').update(key).digest('base64url').slice(0, 8);
}

/**
 * Parses one key as written in the environment: `base64key` or `kid:base64key`, 32 bytes after decoding. Throws
 * `CONFIG_INVALID` naming `variable` and what is expected; the value itself is never part of the error.
 * @example parseEncryptionKey(process.env.FIELD_ENCRYPTION_KEY!, 'FIELD_ENCRYPTION_KEY')
 */
export function parseEncryptionKey(input: string, variable: string): EncryptionKey {
  const text = input.trim();
  const separator = text.indexOf(':');
  const id = separator === -1 ? undefined : text.slice(0, separator);
  const encoded = separator === -1 ? text : text.slice(separator + 1);
  if (id !== undefined && !KEY_ID.test(id)) {
    throw configError(variable, 'the key id before ":" must be 1-32 characters of A-Z, a-z, 0-9, "_" or "-"');
  }
  const key = decodeKey(encoded);
  if (!key)
    throw configError(
      variable,
      `expected ${KEY_BYTES} random bytes in base64 (generate with: openssl rand -base64 32)`,
    );
  return { id: id ?? keyFingerprint(key), key };
}

/**
 * Parses `FIELD_ENCRYPTION_KEYS_OLD`: a comma-separated list of `kid:base64key` (or bare keys).
 * @example parseEncryptionKeyList('k2024:AAAA…,k2025:BBBB…', 'FIELD_ENCRYPTION_KEYS_OLD')
 */
export function parseEncryptionKeyList(input: string, variable: string): EncryptionKey[] {
  return input
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part, index) => parseEncryptionKey(part, `${variable}[${index}]`));
}

/**
 * Parses a bare 32-byte base64 key (the blind-index key `FIELD_INDEX_KEY`).
 * @example parseIndexKey(process.env.FIELD_INDEX_KEY!, 'FIELD_INDEX_KEY')
 */
export function parseIndexKey(input: string, variable: string): Buffer {
  const key = decodeKey(input.trim());
  if (!key)
    throw configError(
      variable,
      `expected ${KEY_BYTES} random bytes in base64 (generate with: openssl rand -base64 32)`,
    );
  return key;
}

function decodeKey(encoded: string): Buffer | undefined {
  if (!BASE64.test(encoded)) return undefined;
  const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

function configError(variable: string, expected: string) {
  return sdkError('CONFIG_INVALID', {
    message: `[sv-sdk] [security] Invalid configuration:\n  - ${variable}: ${expected}`,
    details: { problems: [{ variable, expected }] },
  });
}

interface Envelope {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseEnvelope(value: string): Envelope | undefined {
  if (typeof value !== 'string' || value.length > MAX_ENVELOPE_LENGTH) return undefined;
  const parts = value.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
  const [, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (!KEY_ID.test(keyId) || !BASE64URL.test(iv) || !BASE64URL.test(tag) || !BASE64URL.test(ciphertext))
    return undefined;
  const envelope = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  if (envelope.iv.length !== IV_BYTES || envelope.tag.length !== TAG_BYTES) return undefined;
  return envelope;
}

/**
 * Field-level encryption for PII columns: AES-256-GCM with a random 96-bit IV per value and the key id in the
 * envelope `v1.<kid>.<iv>.<tag>.<ciphertext>` (base64url parts, safe in text columns). Optional associated data
 * (e.g. the row id) is bound into the tag, so a ciphertext copied to another row does not decrypt. Key rotation:
 * put the new key in `current`, the old one in `previous`, then `reencrypt` rows where `needsReencryption`.
 * @example
 * const fields = createFieldEncryption({ current: parseEncryptionKey(env.FIELD_ENCRYPTION_KEY, 'FIELD_ENCRYPTION_KEY') });
 * const sealed = fields.encrypt('+44 20 7946 0000', user.id);
 * fields.decrypt(sealed, user.id); // '+44 20 7946 0000'
 */
export function createFieldEncryption(options: FieldEncryptionOptions): FieldEncryption {
  const keys = new Map<string, Buffer>();
  for (const entry of [options.current, ...(options.previous ?? [])]) {
    if (!KEY_ID.test(entry.id))
      throw new TypeError('createFieldEncryption: key ids are 1-32 characters of A-Z a-z 0-9 _ -');
    if (entry.key.length !== KEY_BYTES) throw new TypeError(`createFieldEncryption: keys are ${KEY_BYTES} bytes`);
    const known = keys.get(entry.id);
    // Two different keys under one id would make decryption ambiguous: refuse rather than guess.
    if (known && !known.equals(entry.key))
      throw new TypeError(`createFieldEncryption: two different keys share the id "${entry.id}"`);
    keys.set(entry.id, entry.key);
  }
  const currentId = options.current.id;
  const currentKey = options.current.key;
  const indexKey = options.indexKey;
  if (indexKey && indexKey.length !== KEY_BYTES)
    throw new TypeError(`createFieldEncryption: the index key is ${KEY_BYTES} bytes`);

  const encrypt = (plaintext: string, associatedData?: string): string => {
    if (typeof plaintext !== 'string') throw new TypeError('encrypt: plaintext must be a string');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      currentId,
      iv.toString('base64url'),
      tag.toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  };

  const decrypt = (value: string, associatedData?: string): string => {
    const envelope = parseEnvelope(value);
    if (!envelope)
      throw securityError('FIELD_ENCRYPTION_MALFORMED', { details: { expected: 'v1.<kid>.<iv>.<tag>.<ciphertext>' } });
    const key = keys.get(envelope.keyId);
    if (!key) throw securityError('FIELD_ENCRYPTION_UNKNOWN_KEY', { details: { keyId: envelope.keyId } });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, envelope.iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(envelope.tag);
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
    } catch (cause) {
      // GCM does not say which: a changed byte, the wrong key under a reused id, or other associated data.
      throw securityError('FIELD_DECRYPTION_FAILED', {
        message: 'An encrypted value could not be decrypted: it was altered, or the associated data or key differ.',
        details: { keyId: envelope.keyId },
        cause,
      });
    }
  };

  return {
    currentKeyId: currentId,
    encrypt,
    decrypt,
    needsReencryption(value) {
      const envelope = parseEnvelope(value);
      if (!envelope) throw securityError('FIELD_ENCRYPTION_MALFORMED');
      return envelope.keyId !== currentId;
    },
    reencrypt(value, associatedData) {
      const plaintext = decrypt(value, associatedData);
      return parseEnvelope(value)?.keyId === currentId ? value : encrypt(plaintext, associatedData);
    },
    isEncrypted(value) {
      return parseEnvelope(value) !== undefined;
    },
    hmacIndex(value, context = '') {
      if (!indexKey) throw securityError('FIELD_INDEX_DISABLED');
      // The NUL separator keeps ("ab", "c") and ("a", "bc") apart.
      return createHmac('sha256', indexKey)
        .update(context, 'utf8')
        .update('\0')
        .update(value, 'utf8')
        .digest('base64url');
    },
  };
}
