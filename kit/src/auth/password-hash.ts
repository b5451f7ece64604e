import { hash as argon2Hash, verify as argon2Verify, type Options } from '@node-rs/argon2';
import { hashPassword as scryptHash, verifyPassword as scryptVerify } from 'better-auth/crypto';

/**
 * OWASP's argon2id parameters (Password Storage Cheat Sheet): m = 19 MiB, t = 2, p = 1. `@node-rs/argon2` hashes on
 * libuv's thread pool, so the event loop keeps serving while a hash runs.
 */
export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum in the typings; the value is stable)
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} satisfies Options;

/** True for a hash in our current format (PHC `$argon2id$`…). Anything else is re-hashed on the next sign-in. */
export function isCurrentHash(hash: string): boolean {
  return hash.startsWith('$argon2id$');
}

/** argon2id, OWASP parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2_OPTIONS);
}

/**
 * Verifies argon2 (PHC string) and, for accounts created before the switch, better-auth's default scrypt format
 * (`<salt hex>:<key hex>`). Malformed hashes verify false rather than throw.
 */
export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  try {
    if (hash.startsWith('$argon2')) return await argon2Verify(hash, password);
    if (/^[0-9a-f]+:[0-9a-f]+$/i.test(hash)) return await scryptVerify({ hash, password });
    return false;
  } catch {
    return false;
  }
}

/** better-auth's default hash (scrypt), for tests and benches of the migration path. */
export const legacyScryptHash: (password: string) => Promise<string> = scryptHash;
