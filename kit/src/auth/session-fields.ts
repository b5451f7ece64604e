import type { Logger } from '../core/logger.ts';
import type { FieldEncryption } from '../security/field-encryption.ts';

/**
 * The PII columns of `auth.session` nothing queries by, and the associated data each is sealed with: the column's
 * name, so a ciphertext copied into the other column (or another table) does not decrypt.
 */
const SESSION_FIELDS = [
  ['ipAddress', 'auth.session.ip_address'],
  ['userAgent', 'auth.session.user_agent'],
] as const;

type SessionLike = Record<string, unknown>;

/**
 * Encryption of a session's `ipAddress` and `userAgent` at rest (database row and session cache entry alike):
 * `seal` on every write (better-auth's `databaseHooks.session.create/update.before`), `open` on every read that
 * leaves the auth domain (`getSession`, better-auth's session responses, events). Without FIELD_ENCRYPTION_KEY both
 * are the identity. A value that is not an envelope (written before a key was configured) opens as itself; one that
 * does not open (key removed from the list, altered) opens as `null`, with a warning, rather than failing the
 * request.
 */
export interface SessionFieldCodec {
  readonly enabled: boolean;
  /** A copy of `session` with its PII fields encrypted (already encrypted values are kept). */
  seal<T extends SessionLike>(session: T): T;
  /** A copy of `session` with its PII fields in clear; `session` itself when there is nothing to open. */
  open<T extends SessionLike>(session: T): T;
  /**
   * Opens the sessions in a better-auth response: a session record, `{ session, user }`, `{ sessions: [...] }` or
   * an array of either. Returns `undefined` when the value holds no encrypted field (leave the response as it is).
   */
  openResponse(value: unknown): unknown;
}

const IDENTITY: SessionFieldCodec = {
  enabled: false,
  seal: (session) => session,
  open: (session) => session,
  openResponse: () => undefined,
};

export function createSessionFieldCodec(encryption: FieldEncryption | undefined, logger: Logger): SessionFieldCodec {
  if (!encryption) return IDENTITY;
  let lastWarning = 0;

  const openValue = (value: string, associatedData: string): string | null => {
    if (!encryption.isEncrypted(value)) return value;
    try {
      return encryption.decrypt(value, associatedData);
    } catch (error) {
      if (Date.now() - lastWarning > 60_000) {
        lastWarning = Date.now();
        const code = (error as { code?: string }).code;
        logger.warn(
          { code, column: associatedData },
          'an encrypted session field could not be decrypted: read as null',
        );
      }
      return null;
    }
  };

  const hasSealed = (session: SessionLike): boolean => {
    for (const [field] of SESSION_FIELDS) {
      const value = session[field];
      if (typeof value === 'string' && encryption.isEncrypted(value)) return true;
    }
    return false;
  };

  const open = <T extends SessionLike>(session: T): T => {
    if (!hasSealed(session)) return session;
    const copy: SessionLike = { ...session };
    for (const [field, associatedData] of SESSION_FIELDS) {
      const value = copy[field];
      if (typeof value === 'string') copy[field] = openValue(value, associatedData);
    }
    return copy as T;
  };

  const isRecord = (value: unknown): value is SessionLike =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  const isSession = (value: unknown): value is SessionLike =>
    isRecord(value) && 'userId' in value && ('ipAddress' in value || 'userAgent' in value);

  /** The opened form of one item of a response, or undefined when it has nothing sealed. */
  const openItem = (value: unknown): unknown => {
    if (isSession(value)) return hasSealed(value) ? open(value) : undefined;
    if (isRecord(value) && isSession(value.session) && hasSealed(value.session))
      return { ...value, session: open(value.session) };
    return undefined;
  };
  const openList = (list: unknown[]): unknown[] | undefined => {
    let changed = false;
    const out = list.map((item) => {
      const opened = openItem(item);
      if (opened === undefined) return item;
      changed = true;
      return opened;
    });
    return changed ? out : undefined;
  };

  return {
    enabled: true,
    seal(session) {
      const copy: SessionLike = { ...session };
      for (const [field, associatedData] of SESSION_FIELDS) {
        const value = copy[field];
        // Empty values say nothing: kept as they are (better-auth writes '' when it has no request).
        if (typeof value === 'string' && value !== '' && !encryption.isEncrypted(value))
          copy[field] = encryption.encrypt(value, associatedData);
      }
      return copy as typeof session;
    },
    open,
    openResponse(value) {
      if (Array.isArray(value)) return openList(value);
      if (!isRecord(value)) return undefined;
      if (Array.isArray(value.sessions)) {
        const sessions = openList(value.sessions);
        return sessions ? { ...value, sessions } : undefined;
      }
      return openItem(value);
    },
  };
}
