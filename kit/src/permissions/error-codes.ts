import { defineErrorCodes } from '../core/errors.ts';

/** The permissions domain's error codes (declared, so they keep their code through the auth handler too). */
export const PERMISSION_ERROR_CODES = defineErrorCodes({
  PERMISSION_INVALID: { status: 400, message: 'This is not a permission (resource:action[:own|any]).' },
  PERMISSION_UNKNOWN: { status: 400, message: 'This permission is not known.' },
  PERMISSION_CONDITION_INVALID: { status: 400, message: 'The conditions are not valid.' },
  PERMISSION_ROLE_NOT_FOUND: { status: 404, message: 'There is no such role.' },
  PERMISSION_ROLE_EXISTS: { status: 409, message: 'A role with this name exists already.' },
  PERMISSION_ROLE_CYCLE: { status: 400, message: 'Role inheritance cannot go round in a circle.' },
  PERMISSION_ROLE_IN_USE: { status: 409, message: 'The role is in use.' },
  PERMISSION_ROLE_SYSTEM: { status: 409, message: 'System roles cannot be deleted or renamed.' },
  PERMISSION_USER_NOT_FOUND: { status: 404, message: 'There is no such user.' },
  PERMISSION_LAST_SUPER_ADMIN: { status: 409, message: 'The last super_admin cannot lose the role.' },
});

export type PermissionErrorCode = keyof typeof PERMISSION_ERROR_CODES;
