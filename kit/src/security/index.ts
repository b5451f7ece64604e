// The public API of `@sv-sdk/kit/security`: anything not exported here is internal.
export { securityPlugin, securityConfigSchema, type SecurityConfig } from './plugin.ts';
export type { SecurityPluginOptions, SecurityService, TokenService } from './types.ts';
export { SECURITY_ERROR_CODES, securityError, type SecurityErrorCode } from './error-codes.ts';
export * from './rate-limit/index.ts';
export {
  createPasswordPolicy,
  loadZxcvbn,
  personalWords,
  type PasswordCheckResult,
  type PasswordContext,
  type PasswordPolicy,
  type PasswordPolicyOptions,
  type PasswordProblem,
  type PasswordProblemCode,
} from './password-policy.ts';
export {
  isCommonPassword,
  loadCommonPasswords,
  pwnedPasswordCount,
  type PwnedPasswordsOptions,
} from './breached-passwords.ts';
export {
  createFieldEncryption,
  keyFingerprint,
  parseEncryptionKey,
  parseEncryptionKeyList,
  parseIndexKey,
  type EncryptionKey,
  type FieldEncryption,
  type FieldEncryptionOptions,
} from './field-encryption.ts';
export { constantTimeEqual, generateToken, hashToken, verifyToken, redactSecrets, REDACTED } from './secrets.ts';
export {
  sanitizeHtml,
  stripControlChars,
  normalizeEmail,
  safeRedirect,
  type SanitizeHtmlOptions,
  type SafeRedirectOptions,
} from './sanitize.ts';
export {
  securityHeaders,
  applySecurityHeaders,
  cspDirectives,
  cspHeader,
  PERMISSIONS_POLICY_FEATURES,
  type CspOptions,
  type CspSourceDirective,
  type PermissionsPolicyFeature,
  type SecurityHeadersOptions,
  type SvelteKitCspConfig,
} from './headers.ts';
export { checkOrigin, canonicalOrigin, type CsrfFailureReason, type OriginCheckRequest } from './csrf.ts';
export {
  clientAddress,
  ipRateLimitKey,
  normalizeIp,
  parseTrustedProxies,
  type TrustedProxies,
} from './client-address.ts';
