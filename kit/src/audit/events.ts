import type { SDKEvents } from '../core/event-map.ts';
import type { EventMeta } from '../core/events.ts';
import type { AuditEntryInput, AuditOutcome } from './types.ts';

/**
 * The SDK events the audit log records, each with its outcome. Every one is a queued listener: its delivery is
 * stored with the change that emitted it (in its transaction when there is one), so no outage loses the entry.
 */
export const AUDITED_EVENTS = {
  'user.created': 'success',
  'user.verification_requested': 'success',
  'user.verified': 'success',
  'user.password_reset_requested': 'success',
  'user.password_changed': 'success',
  'user.email_change_requested': 'success',
  'user.email_changed': 'success',
  'user.magic_link_requested': 'success',
  'user.deleted': 'success',
  'user.restored': 'success',
  'user.anonymised': 'success',
  'user.banned': 'success',
  'user.unbanned': 'success',
  'user.role_changed': 'success',
  'user.impersonated': 'success',
  'user.existing_signup': 'success',
  'user.signin_failed': 'failure',
  'user.locked': 'failure',
  'user.password_check_failed': 'failure',
  'user.updated': 'success',
  'user.two_factor_enabled': 'success',
  'user.two_factor_disabled': 'success',
  'user.account_unlinked': 'success',
  'session.created': 'success',
  'session.revoked': 'success',
  'role.created': 'success',
  'role.updated': 'success',
  'role.deleted': 'success',
  'role.assigned': 'success',
  'role.revoked': 'success',
  'permission.denied': 'denied',
} as const satisfies Partial<Record<keyof SDKEvents, AuditOutcome>>;

export type AuditedEvent = keyof typeof AUDITED_EVENTS;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The audit entry of an event: who (the acting user), on what, how it went, and the payload as metadata. */
export function entryOfEvent(event: AuditedEvent, payload: Record<string, unknown>, meta: EventMeta): AuditEntryInput {
  // `by` names the acting user, except user.deleted's ('self' | 'admin').
  const by = event === 'user.deleted' ? undefined : str(payload.by);
  const userId = str(payload.userId);
  const actorId = by ?? (event === 'permission.denied' ? userId : undefined) ?? meta.request?.userId ?? userId ?? null;
  const target =
    event.startsWith('role.') && !['role.assigned', 'role.revoked'].includes(event)
      ? { type: 'role', id: str(payload.roleId) ?? null }
      : event === 'permission.denied'
        ? { type: 'permission', id: str(payload.permission) ?? null }
        : event.startsWith('session.')
          ? { type: 'session', id: str(payload.sessionId) ?? null }
          : userId
            ? { type: 'user', id: userId }
            : null;
  return {
    action: event,
    outcome: AUDITED_EVENTS[event],
    actorId,
    target,
    metadata: payload,
    occurredAt: new Date(meta.emittedAt),
    ip: meta.request?.clientIp ?? str(payload.ip) ?? null,
    userAgent: meta.request?.userAgent ?? str(payload.userAgent) ?? null,
    requestId: meta.request?.requestId ?? null,
    eventId: meta.id || null,
  };
}
