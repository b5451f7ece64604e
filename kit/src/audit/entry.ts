import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { getRequestContext } from '../core/request-context.ts';
import type { PendingEntry } from './chain.ts';
import type { Masker } from './mask.ts';
import type { AuditEntryInput } from './types.ts';

// From what a caller hands `audit.log()` to what is chained: validated, defaults from the request context, metadata
// masked and bounded, the client address pseudonymised.

// eslint-disable-next-line no-control-regex -- ids and names must not carry control characters into the log
const noControl = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);
const id = z.string().min(1).max(255).refine(noControl, 'no control characters');

export const auditEntrySchema = z.object({
  action: z.string().regex(/^[a-z][a-z0-9_.-]{0,99}$/, 'lower case letters, digits, ".", "_" and "-", at most 100'),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  actorId: id.nullish(),
  target: z
    .object({
      type: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'a target type: lower case, at most 64 characters'),
      id: id.nullish(),
    })
    .nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  occurredAt: z
    .date()
    .refine((date) => !Number.isNaN(date.getTime()), 'a valid date')
    .optional(),
  ip: z.string().max(64).nullish(),
  userAgent: z.string().nullish(),
  requestId: z.string().max(128).nullish(),
  eventId: z.string().max(128).nullish(),
});

const ACTION = /^[a-z][a-z0-9_.-]{0,99}$/;
const TARGET_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;
const isId = (value: unknown) =>
  typeof value === 'string' && value.length >= 1 && value.length <= 255 && noControl(value);
const isText = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;
const nullish = (value: unknown): value is null | undefined => value === undefined || value === null;

/**
 * True only for input `auditEntrySchema` accepts (a subset of it: anything else goes to zod, which decides and names
 * the problems). The common case skips zod's walk of every metadata key on the caller's path.
 */
function clearlyValid(input: AuditEntryInput): boolean {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const { action, outcome, actorId, target, metadata, occurredAt, ip, userAgent, requestId, eventId } = input;
  if (typeof action !== 'string' || !ACTION.test(action)) return false;
  if (outcome !== undefined && outcome !== 'success' && outcome !== 'failure' && outcome !== 'denied') return false;
  if (!nullish(actorId) && !isId(actorId)) return false;
  if (!nullish(target)) {
    if (typeof target !== 'object' || Array.isArray(target)) return false;
    if (typeof target.type !== 'string' || !TARGET_TYPE.test(target.type)) return false;
    if (!nullish(target.id) && !isId(target.id)) return false;
  }
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return false;
    const prototype = Object.getPrototypeOf(metadata) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return false;
    // zod's record refuses symbol keys.
    if (Object.getOwnPropertySymbols(metadata).length > 0) return false;
  }
  if (occurredAt !== undefined && !(occurredAt instanceof Date && !Number.isNaN(occurredAt.getTime()))) return false;
  return (
    (nullish(ip) || isText(ip, 64)) &&
    (nullish(userAgent) || typeof userAgent === 'string') &&
    (nullish(requestId) || isText(requestId, 128)) &&
    (nullish(eventId) || isText(eventId, 128))
  );
}

/** Pseudonyms remembered per address (an HMAC costs more than the rest of `log()`); bounded. */
const PSEUDONYMS = 4096;

export interface EntryPreparer {
  /** The entry to chain; input that does not validate becomes an `audit.invalid_entry` naming the problems. */
  prepare(input: AuditEntryInput): PendingEntry;
  /** Like `prepare`, but throws `VALIDATION_FAILED`-style problems instead (for `write`). */
  problems(input: AuditEntryInput): string[] | undefined;
}

/**
 * `ipKey` (AUDIT_KEY): client addresses are stored as `ip:<keyed hash>` — the same address always gives the same
 * value (searchable by hashing the address the same way), and the address cannot be read back. Without a key they
 * are stored as they are.
 */
export function createEntryPreparer(mask: Masker, ipKey: string | undefined): EntryPreparer {
  const pseudonyms = new Map<string, string>();
  const pseudonym = (ip: string) => {
    if (!ipKey) return ip;
    let value = pseudonyms.get(ip);
    if (value === undefined) {
      value = `ip:${createHmac('sha256', ipKey).update(ip).digest('hex').slice(0, 32)}`;
      if (pseudonyms.size >= PSEUDONYMS) pseudonyms.clear();
      pseudonyms.set(ip, value);
    }
    return value;
  };

  const problemsOf = (input: AuditEntryInput): string[] | undefined => {
    if (clearlyValid(input)) return undefined;
    const parsed = auditEntrySchema.safeParse(input);
    return parsed.success
      ? undefined
      : parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`);
  };

  return {
    problems: problemsOf,
    prepare(input) {
      const problems = problemsOf(input);
      const context = getRequestContext();
      const ip = (problems ? undefined : input.ip) ?? context?.clientIp ?? null;
      const userAgent = ((problems ? undefined : input.userAgent) ?? context?.userAgent ?? null)?.slice(0, 512) ?? null;
      const requestId = (problems ? undefined : input.requestId) ?? context?.requestId ?? null;
      if (problems)
        return {
          occurredAt: new Date(),
          action: 'audit.invalid_entry',
          outcome: 'failure',
          actorId: context?.userId ?? null,
          actorIp: ip ? pseudonym(ip) : null,
          userAgent,
          requestId,
          eventId: null,
          targetType: null,
          targetId: null,
          metadata: mask({ problems: problems.slice(0, 10) }),
        };
      return {
        occurredAt: input.occurredAt ?? new Date(),
        action: input.action,
        outcome: input.outcome ?? 'success',
        actorId: input.actorId === undefined ? (context?.userId ?? null) : input.actorId,
        actorIp: ip ? pseudonym(ip) : null,
        userAgent,
        requestId,
        eventId: input.eventId ?? null,
        targetType: input.target?.type ?? null,
        targetId: input.target?.id ?? null,
        metadata: mask(input.metadata),
      };
    },
  };
}
