// addEnvEntries: the settings an sv-sdk app needs, appended to .env.example when missing. Pure.

/** What `add` appends to an app's .env.example (a line per setting, each after its comment). */
export const ENV_ENTRIES: readonly { name: string; value: string; comment: string }[] = [
  {
    name: 'DATABASE_URL',
    value: '',
    comment:
      'Unset: the embedded PGlite database in SV_SDK_DATA_DIR. PostgreSQL: postgres://user:password@host:5432/db',
  },
  { name: 'SV_SDK_DATA_DIR', value: '.sv-sdk/data', comment: "PGlite's data folder; `memory://` keeps it in memory" },
  {
    name: 'BETTER_AUTH_SECRET',
    value: '',
    comment: 'REQUIRED IN PRODUCTION: at least 32 random characters (`openssl rand -base64 32`)',
  },
  {
    name: 'ORIGIN',
    value: '',
    comment: 'REQUIRED IN PRODUCTION: the public origin as browsers reach it (https://app.example.com)',
  },
  {
    name: 'AUTH_REQUIRE_EMAIL_VERIFICATION',
    value: 'true',
    comment: 'Refuse sign-in until the email is verified (production refuses to start while nothing delivers the mail)',
  },
  {
    name: 'SV_SDK_ADMIN_EMAIL',
    value: 'admin@example.com',
    comment: 'The first admin, created by `npx sv-sdk db seed`',
  },
  { name: 'SV_SDK_ADMIN_PASSWORD', value: '', comment: 'Unset: a password is generated and printed once' },
  { name: 'EMAIL_PROVIDER', value: 'outbox', comment: 'outbox: mails are stored (their links printed in development)' },
];

export const ENV_HEADER = '# ── sv-sdk ──';

/**
 * Appends the {@link ENV_ENTRIES} that `.env.example` does not mention yet (set or commented out: `# NAME=`), under
 * one `# ── sv-sdk ──` header. No file: all of them. Nothing missing: unchanged.
 */
export function addEnvEntries(source: string | undefined): { code: string; changed: boolean; added: string[] } {
  const text = source ?? '';
  const present = new Set(
    text
      .split(/\r?\n/)
      .map((line) => /^\s*(?:#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  const missing = ENV_ENTRIES.filter((entry) => !present.has(entry.name));
  if (missing.length === 0) return { code: text, changed: false, added: [] };
  const lines = [ENV_HEADER, ...missing.flatMap((entry) => [`# ${entry.comment}`, `${entry.name}=${entry.value}`])];
  const separator = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { code: `${text}${separator}${lines.join('\n')}\n`, changed: true, added: missing.map((entry) => entry.name) };
}

/** Appends the lines of `entries` that `.gitignore` does not have yet. */
export function addIgnoreEntries(
  source: string | undefined,
  entries: readonly string[],
): { code: string; changed: boolean } {
  const text = source ?? '';
  const normalise = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');
  const present = new Set(text.split(/\r?\n/).map(normalise));
  const missing = entries.filter((entry) => !present.has(normalise(entry)));
  if (missing.length === 0) return { code: text, changed: false };
  const separator = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return { code: `${text}${separator}${missing.join('\n')}\n`, changed: true };
}
