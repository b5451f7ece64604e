import { z } from 'zod';
import { sdkError } from '../core/errors.ts';

/**
 * A permission names a resource, an action and a scope: `resource:action[:scope]` — `user:update:own`,
 * `user:ban:any`, `audit:read`. `*` stands for every resource or action (`audit:*`, `*:read`, `*`). The scope is
 * `any` (every resource of the kind: the default) or `own` (those the user owns, see `ownerField`). `any` implies
 * `own`.
 */
export type PermissionScope = 'own' | 'any';

export interface ParsedPermission {
  resource: string;
  action: string;
  scope: PermissionScope;
}

/** A resource or action name: lower case, digits, `_` and `-`, at most 64 characters; or `*`. */
const SEGMENT = /^(?:\*|[a-z][a-z0-9_-]{0,63})$/;
const SCOPES: readonly string[] = ['own', 'any'];

/** Why a string is not a permission, or undefined when it is one. */
export function permissionProblem(value: string): string | undefined {
  if (value.length > 160) return 'at most 160 characters';
  if (value === '*') return undefined;
  const parts = value.split(':');
  if (parts.length < 2 || parts.length > 3) return 'expected resource:action or resource:action:scope';
  const [resource, action, scope] = parts as [string, string, string | undefined];
  if (!SEGMENT.test(resource)) return `"${resource}" is not a resource name (a-z, 0-9, _ and -, or *)`;
  if (!SEGMENT.test(action)) return `"${action}" is not an action name (a-z, 0-9, _ and -, or *)`;
  if (scope !== undefined && !SCOPES.includes(scope)) return `the scope must be "own" or "any", not "${scope}"`;
  return undefined;
}

/**
 * Parses a permission string. `*` alone is `*:*:any`.
 * @throws SDKError `PERMISSION_INVALID` (400) naming the problem.
 * @example parsePermission('user:update:own') // { resource: 'user', action: 'update', scope: 'own' }
 */
export function parsePermission(value: string): ParsedPermission {
  const problem = permissionProblem(value);
  if (problem !== undefined)
    throw sdkError('PERMISSION_INVALID', {
      status: 400,
      message: `"${value.slice(0, 160)}" is not a permission: ${problem}.`,
      details: { permission: value.slice(0, 160), reason: problem },
    });
  if (value === '*') return { resource: '*', action: '*', scope: 'any' };
  const [resource, action, scope] = value.split(':') as [string, string, PermissionScope | undefined];
  return { resource, action, scope: scope ?? 'any' };
}

/** The canonical string: the scope is written only when it is `own`. */
export function formatPermission(permission: ParsedPermission): string {
  const base = `${permission.resource}:${permission.action}`;
  return permission.scope === 'own' ? `${base}:own` : base;
}

/** zod schema of a permission string (forms, REST bodies, seeds). */
export const permissionSchema = z.string().superRefine((value, ctx) => {
  const problem = permissionProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** Whether a rule's segment (possibly `*`) covers a checked name. */
export function segmentMatches(pattern: string, name: string): boolean {
  return pattern === '*' || pattern === name;
}
