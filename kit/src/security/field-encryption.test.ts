import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isSDKError } from '../core/errors.ts';
import {
  createFieldEncryption,
  keyFingerprint,
  parseEncryptionKey,
  parseEncryptionKeyList,
  parseIndexKey,
} from './field-encryption.ts';

const key = () => randomBytes(32);
const b64 = (buffer: Buffer) => buffer.toString('base64');

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(isSDKError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe('field encryption', () => {
  const current = { id: 'k2', key: key() };
  const old = { id: 'k1', key: key() };
  const fields = createFieldEncryption({ current, previous: [old], indexKey: key() });

  it('round-trips text, including empty and non-ASCII strings', () => {
    for (const value of ['+44 20 7946 0000', '', 'Zoë 🚀 日本', 'x'.repeat(10_000)]) {
      const sealed = fields.encrypt(value);
      expect(sealed.startsWith('v1.k2.')).toBe(true);
      expect(sealed).not.toContain(value || '\u0000');
      expect(fields.decrypt(sealed)).toBe(value);
    }
  });

  it('uses a fresh IV for every value', () => {
    const a = fields.encrypt('same');
    const b = fields.encrypt('same');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('binds associated data: a value moved to another row does not decrypt', () => {
    const sealed = fields.encrypt('secret', 'user_1');
    expect(fields.decrypt(sealed, 'user_1')).toBe('secret');
    expectCode(() => fields.decrypt(sealed, 'user_2'), 'FIELD_DECRYPTION_FAILED');
    expectCode(() => fields.decrypt(sealed), 'FIELD_DECRYPTION_FAILED');
  });

  it('answers tampering with a clear error, not garbage or a crash', () => {
    const sealed = fields.encrypt('account balance 100');
    const [version, kid, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    expectCode(() => fields.decrypt([version, kid, iv, tag, flip(ciphertext)].join('.')), 'FIELD_DECRYPTION_FAILED');
    expectCode(() => fields.decrypt([version, kid, iv, flip(tag), ciphertext].join('.')), 'FIELD_DECRYPTION_FAILED');
    expectCode(() => fields.decrypt([version, kid, flip(iv), tag, ciphertext].join('.')), 'FIELD_DECRYPTION_FAILED');
    // Truncated tag or IV, wrong version, wrong shape, not a string at all.
    expectCode(
      () => fields.decrypt([version, kid, iv, tag.slice(0, 10), ciphertext].join('.')),
      'FIELD_ENCRYPTION_MALFORMED',
    );
    expectCode(() => fields.decrypt(['v2', kid, iv, tag, ciphertext].join('.')), 'FIELD_ENCRYPTION_MALFORMED');
    expectCode(() => fields.decrypt('plain text'), 'FIELD_ENCRYPTION_MALFORMED');
    expectCode(() => fields.decrypt(`${sealed}.extra`), 'FIELD_ENCRYPTION_MALFORMED');
    expectCode(() => fields.decrypt(null as unknown as string), 'FIELD_ENCRYPTION_MALFORMED');
  });

  it('names an unknown key id, and a key swapped under the same id fails authentication', () => {
    const stranger = createFieldEncryption({ current: { id: 'k9', key: key() } });
    expectCode(() => fields.decrypt(stranger.encrypt('x')), 'FIELD_ENCRYPTION_UNKNOWN_KEY');
    const impostor = createFieldEncryption({ current: { id: 'k2', key: key() } });
    expectCode(() => fields.decrypt(impostor.encrypt('x')), 'FIELD_DECRYPTION_FAILED');
  });

  it('rotates: old values decrypt, are flagged, and re-encrypt under the current key', () => {
    const before = createFieldEncryption({ current: old });
    const legacy = before.encrypt('555-0100', 'row-7');
    expect(fields.needsReencryption(legacy)).toBe(true);
    const rotated = fields.reencrypt(legacy, 'row-7');
    expect(rotated.split('.')[1]).toBe('k2');
    expect(fields.needsReencryption(rotated)).toBe(false);
    expect(fields.decrypt(rotated, 'row-7')).toBe('555-0100');
    // Already current: unchanged (no needless write).
    expect(fields.reencrypt(rotated, 'row-7')).toBe(rotated);
    // The old key alone can no longer read the new envelope.
    expectCode(() => before.decrypt(rotated, 'row-7'), 'FIELD_ENCRYPTION_UNKNOWN_KEY');
  });

  it('computes a deterministic blind index separated by context, and refuses without an index key', () => {
    expect(fields.hmacIndex('ann@example.com', 'users.email')).toBe(fields.hmacIndex('ann@example.com', 'users.email'));
    expect(fields.hmacIndex('ann@example.com', 'users.email')).not.toBe(
      fields.hmacIndex('ann@example.com', 'users.phone'),
    );
    expect(fields.hmacIndex('ab', 'c')).not.toBe(fields.hmacIndex('a', 'bc'));
    expect(fields.hmacIndex('x')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expectCode(() => createFieldEncryption({ current }).hmacIndex('x'), 'FIELD_INDEX_DISABLED');
  });

  it('refuses inconsistent key sets at construction', () => {
    expect(() =>
      createFieldEncryption({ current: { id: 'k1', key: key() }, previous: [{ id: 'k1', key: key() }] }),
    ).toThrow(/share the id/);
    expect(() => createFieldEncryption({ current: { id: 'bad.id', key: key() } })).toThrow(/key ids/);
    expect(() => createFieldEncryption({ current: { id: 'k', key: randomBytes(16) } })).toThrow(/32 bytes/);
  });
});

describe('key parsing', () => {
  it('reads bare keys (id = fingerprint) and kid:key, in base64 or base64url', () => {
    const raw = key();
    const bare = parseEncryptionKey(b64(raw), 'FIELD_ENCRYPTION_KEY');
    expect(bare.key.equals(raw)).toBe(true);
    expect(bare.id).toBe(keyFingerprint(raw));
    expect(bare.id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    const named = parseEncryptionKey(`2025-q1:${raw.toString('base64url')}`, 'FIELD_ENCRYPTION_KEY');
    expect(named).toEqual({ id: '2025-q1', key: raw });
    const list = parseEncryptionKeyList(` a:${b64(key())} , b:${b64(key())},`, 'FIELD_ENCRYPTION_KEYS_OLD');
    expect(list.map((entry) => entry.id)).toEqual(['a', 'b']);
  });

  it('rejects malformed keys with CONFIG_INVALID naming the variable and never the value', () => {
    const cases = [
      b64(randomBytes(16)),
      'not base64 at all!',
      '',
      `bad id:${b64(key())}`,
      `${b64(key())}${b64(key())}`,
    ];
    for (const value of cases) {
      try {
        parseEncryptionKey(value, 'FIELD_ENCRYPTION_KEY');
        throw new Error(`accepted ${value}`);
      } catch (error) {
        expect(isSDKError(error, 'CONFIG_INVALID')).toBe(true);
        const message = (error as Error).message;
        expect(message).toContain('FIELD_ENCRYPTION_KEY');
        if (value.length > 0) expect(message).not.toContain(value);
      }
    }
    expect(() => parseEncryptionKeyList(`a:${b64(key())},b:short`, 'FIELD_ENCRYPTION_KEYS_OLD')).toThrow(
      /FIELD_ENCRYPTION_KEYS_OLD\[1\]/,
    );
    expect(() => parseIndexKey('abc', 'FIELD_INDEX_KEY')).toThrow(/FIELD_INDEX_KEY/);
  });
});
