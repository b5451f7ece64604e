// Settings shared by the Playwright config (servers) and the tests (requests).

/** The monitor's token of the proxied demo servers: `/ready` details need it in production. */
export const HEALTH_TOKEN = 'e2e-monitor-token-e2e-monitor-token-0123';

/**
 * What both proxied demo servers need besides their engines: a production secret, their public URL (ORIGIN, read by
 * the built server at start; better-auth's base URL), loopback as the trusted proxy (tests send X-Forwarded-For to come from IPs of their own,
 * so rate limits stay on without tests sharing a budget), and no email verification (the email domain, which would
 * deliver the link, is a later issue; the kit's integration tests cover verification).
 */
export const demoAuthEnv = (url: string) => ({
  BETTER_AUTH_SECRET: 'e2e-only-secret-e2e-only-secret-0123456789',
  BETTER_AUTH_URL: url,
  ORIGIN: url,
  TRUSTED_PROXIES: '127.0.0.1',
  AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
  // adapter-node assumes https unless told: the tests say `x-forwarded-proto: http`, as a TLS-terminating proxy would.
  PROTOCOL_HEADER: 'x-forwarded-proto',
  HEALTH_TOKEN,
});

/** Headers every test request carries, as if through the proxy in front of the demo (see `demoAuthEnv`). */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'http' } as const;

/** The secret of the `production-direct` server (the test signs the verification link with it, as the mail would). */
export const DIRECT_SECRET = 'e2e-direct-secret-e2e-direct-secret-0123456';

/**
 * The production build exactly as documented for one machine: ORIGIN at start, plain http, no proxy and no proxy
 * headers (no PROTOCOL_HEADER, no TRUSTED_PROXIES). Verification is off: no mail plugin exists yet to deliver it.
 */
export const directEnv = (url: string) => ({
  NODE_ENV: 'production',
  ORIGIN: url,
  BETTER_AUTH_SECRET: DIRECT_SECRET,
  AUTH_REQUIRE_EMAIL_VERIFICATION: 'false',
  SV_SDK_DATA_DIR: 'memory://',
  DB_MIGRATE_ON_START: 'true',
  LOG_LEVEL: 'warn',
  DATABASE_URL: '',
  REDIS_URL: '',
  PROTOCOL_HEADER: '',
  TRUSTED_PROXIES: '',
  BETTER_AUTH_URL: '',
});
