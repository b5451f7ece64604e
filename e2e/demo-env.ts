// Settings shared by the Playwright config (servers) and the tests (requests).

/**
 * What both demo servers need besides their engines: a production secret, their public URL (adapter-node's ORIGIN,
 * better-auth's base URL), loopback as the trusted proxy (tests send X-Forwarded-For to come from IPs of their own,
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
});

/** Headers every test request carries, as if through the proxy in front of the demo (see `demoAuthEnv`). */
export const PROXY_HEADERS = { 'x-forwarded-proto': 'http' } as const;
