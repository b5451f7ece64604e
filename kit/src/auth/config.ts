import { z } from 'zod';

const booleanFromEnv = z.union([
  z.boolean(),
  z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off', ''] }),
]);

/**
 * The auth plugin's configuration slice; names as in `.env.example`. Secrets are checked, never printed.
 * BETTER_AUTH_SECRET (or AUTH_SECRET) is required in production; in development and tests a random one is
 * generated per process (sessions do not survive a restart) and a warning says so.
 */
export const authConfigSchema = z.object({
  BETTER_AUTH_SECRET: z.string().min(32, 'expected at least 32 characters (openssl rand -base64 32)').optional(),
  /** Alias of BETTER_AUTH_SECRET. */
  AUTH_SECRET: z.string().min(32, 'expected at least 32 characters (openssl rand -base64 32)').optional(),
  /**
   * Public origin of the app as browsers reach it (`https://app.example.com`). Required in production; the built
   * server reads it at start (`@sv-sdk/kit/adapter-node`), and BETTER_AUTH_URL defaults to it.
   */
  ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  /** better-auth's base URL (links in emails, OAuth callbacks); defaults to ORIGIN and must share its origin. */
  BETTER_AUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Alias of BETTER_AUTH_URL. */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Session lifetime in seconds; sliding (renewed once a day of use, see SESSION_UPDATE_AGE). */
  SESSION_MAX_AGE: z.coerce
    .number()
    .int()
    .min(300)
    .max(400 * 86_400)
    .default(7 * 86_400),
  /** How old a session gets before a request renews its expiry, in seconds. */
  SESSION_UPDATE_AGE: z.coerce
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400),
  /** Other origins allowed to call /api/auth (comma-separated), besides BETTER_AUTH_URL's. */
  TRUSTED_ORIGINS: z.string().optional(),
  /** Sign-in refused until the email address is verified. */
  AUTH_REQUIRE_EMAIL_VERIFICATION: booleanFromEnv.default(true),
  /** Days a deleted account can be restored before it is anonymised. */
  ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** Lifetime of email verification links, in seconds. */
  EMAIL_VERIFICATION_EXPIRES_IN: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(86_400),
  /** Lifetime of password reset links, in seconds. */
  PASSWORD_RESET_EXPIRES_IN: z.coerce.number().int().min(60).max(86_400).default(3600),
  /** better-auth's signed cookie cache of the session (saves the cache lookup; revocation lags by its max age). */
  SESSION_COOKIE_CACHE_MAX_AGE: z.coerce.number().int().min(0).max(3600).default(0),
  /** Email of the seeded admin user (`sv-sdk db seed`). */
  SV_SDK_ADMIN_EMAIL: z.email().default('admin@example.com'),
  /** Password of the seeded admin; unset: a random one is generated and printed once. */
  SV_SDK_ADMIN_PASSWORD: z.string().min(12).optional(),
});

export type AuthConfig = z.output<typeof authConfigSchema>;
