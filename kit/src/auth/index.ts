// The public API of `@sv-sdk/kit/auth`: anything not exported here is internal.
export { authPlugin, ANONYMISE_JOB_NAME } from './plugin.ts';
export { authConfigSchema, type AuthConfig } from './config.ts';
export { AUTH_BASE_PATH, type AuthApi, type AuthInstance } from './create-auth.ts';
export { AUTH_ERROR_CODES, authError, toAuthError, type AuthErrorCode } from './error-codes.ts';
export { MAX_AUTH_BODY_BYTES } from './handler.ts';
export { ARGON2_OPTIONS } from './password-hash.ts';
export type { AuthEvents, RequestOrigin } from './events.ts';
export type {
  AdminGate,
  AdminRequest,
  AuthPluginOptions,
  AuthService,
  AuthSession,
  AuthSessionRecord,
  AuthSessionUser,
  AuthUser,
  ListUsersQuery,
  UserPage,
  UserService,
} from './types.ts';
export { user, session, account, verification, twoFactor } from './schema.ts';
