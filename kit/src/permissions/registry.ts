import { sdkError } from '../core/errors.ts';
import { parsePermission } from './permission.ts';

/**
 * Whether a (possibly wildcard) permission covers at least one known permission: `post:*` needs a known `post:…`,
 * `*:read` a known `…:read`; `*` always does. `known` maps `resource:action` to its description.
 */
export function knownPermission(permission: string, known: Readonly<Record<string, string>>): boolean {
  const parsed = parsePermission(permission);
  if (parsed.resource === '*' && parsed.action === '*') return true;
  return Object.keys(known).some((name) => {
    const [resource, action] = name.split(':') as [string, string];
    return (
      (parsed.resource === '*' || parsed.resource === resource) && (parsed.action === '*' || parsed.action === action)
    );
  });
}

/** @throws SDKError `PERMISSION_INVALID` (bad syntax) or `PERMISSION_UNKNOWN` (covers no known permission), 400. */
export function knownPermissionOrThrow(permission: string, known: Readonly<Record<string, string>>): void {
  if (!knownPermission(permission, known))
    throw sdkError('PERMISSION_UNKNOWN', {
      status: 400,
      message: `"${permission}" is not a known permission.`,
      details: { permission },
    });
}
