import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';

export const SESSION_TOKENS_PLUGIN_ID = 'sv-sdk-session-tokens';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** A session row as better-auth answers it (`parseSessionOutput`): it carries the raw token. */
const isSessionRecord = (value: Json): boolean =>
  typeof value.token === 'string' && typeof value.userId === 'string' && 'expiresAt' in value;

function omitToken(value: Json): Json {
  const { token: _token, ...rest } = value;
  return rest;
}

/** A session, `{ session, user }` or a list of them, without the token; the value itself when it held none. */
function strip(value: unknown, depth: number): unknown {
  if (depth > 3) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = strip(item, depth + 1);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (!isRecord(value)) return value;
  let out = value;
  // A session row, or a sign-in style answer: `{ token, user, … }` (sign-in, sign-up, change-password, magic link,
  // two-factor verification, and plugins answering the same way).
  if (isSessionRecord(value) || ('token' in value && isRecord(value.user) && depth === 0)) out = omitToken(value);
  for (const key of ['session', 'sessions'] as const) {
    if (!(key in out)) continue;
    const next = strip(out[key], depth + 1);
    if (next !== out[key]) out = { ...out, [key]: next };
  }
  return out;
}

/** `value` without any session token (see `sessionTokens`); the same value when there was none. */
export function withoutSessionTokens(value: unknown): unknown {
  return strip(value, 0);
}

interface SessionRow {
  id: string;
  token: string;
  userId: string;
}

/**
 * Session tokens stay in the HttpOnly cookie. The raw token of a session is what better-auth's revocation endpoints
 * take, so a script that reads it (any script on the page, through XSS or a dependency) could end the person's
 * sessions; it never authenticates on its own (the cookie is the token signed with BETTER_AUTH_SECRET, and no bearer
 * scheme is installed).
 *
 * - Every answer is stripped of session tokens: `session.token` (get-session, update-session, impersonation,
 *   stop-impersonating, magic link), each entry of list-sessions and of the admin's list-user-sessions, and the
 *   `token` beside a `user` (sign-in, sign-up, change-password, two-factor verification). Ids stay.
 * - `/revoke-session` takes `{ id }` (ours) or better-auth's `{ token }`, where `token` may also be a session id
 *   (`authClient.revokeSession({ token: session.id })` with better-auth's typed client). The id is looked up here,
 *   server-side; better-auth's endpoint then revokes it only when it is one of the caller's own sessions (another
 *   user's id changes nothing and answers `{ status: true }`, as another user's token does).
 * - `/admin/revoke-user-session` takes `{ sessionId }` or an id in `sessionToken` the same way (the admin's
 *   permission check is better-auth's).
 */
export function sessionTokens(): BetterAuthPlugin {
  return {
    id: SESSION_TOKENS_PLUGIN_ID,
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/revoke-session' || ctx.path === '/admin/revoke-user-session',
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as Json | undefined;
            if (!isRecord(body)) return;
            const [idField, tokenField] =
              ctx.path === '/revoke-session' ? ['id', 'token'] : ['sessionId', 'sessionToken'];
            const given = typeof body[idField] === 'string' ? body[idField] : body[tokenField];
            if (typeof given !== 'string' || given === '') return;
            const row = await ctx.context.adapter.findOne<SessionRow>({
              model: 'session',
              where: [{ field: 'id', value: given }],
            });
            // Not an id: a token (better-auth's own call), or an id that names no session. Either way the endpoint
            // decides; an unknown id sent as the token matches no session and revokes nothing.
            const token = row?.token ?? given;
            if (token === body[tokenField]) return;
            return { context: { body: { ...body, [tokenField]: token } } };
          }),
        },
      ],
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (isAPIError(returned) || returned instanceof Error || returned instanceof Response) return;
            const stripped = withoutSessionTokens(returned);
            if (stripped !== returned) return ctx.json(stripped as Record<string, unknown>);
          }),
        },
      ],
    },
  };
}
