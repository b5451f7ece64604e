import { getSessionFromCtx, isAPIError } from 'better-auth/api';
import { verifyJWT } from 'better-auth/crypto';

/** The parts of better-auth's endpoint context the `/verify-email` after hook uses. */
interface VerifyEmailContext {
  query?: unknown;
  context: {
    secret: string;
    baseURL: string;
    returned?: unknown;
    session?: { session: { token: string }; user: { id: string } } | null;
    internalAdapter: {
      findUserById(id: string): Promise<{ email: string } | null>;
      listSessions(userId: string): Promise<{ token: string }[]>;
      deleteSession(token: string): Promise<unknown>;
    };
  };
}

export interface ConfirmedEmailChange {
  userId: string;
  oldEmail: string;
  newEmail: string;
  /** Sessions of the user ended (all but the one that confirmed, if it was the user's). */
  sessionsRevoked: number;
}

/**
 * After `/verify-email`: when the call confirmed an email change (a `change-email-verification` token, answered
 * with success: JSON, or a redirect that carries no `error`), every other session of the user ends — the one that
 * confirmed, when it is the user's, stays. The address is the account's recovery channel: whoever held a session
 * before the change does not keep it. Returns what happened, or undefined when the call was no confirmed change.
 */
export async function endSessionsAfterEmailChange(ctx: VerifyEmailContext): Promise<ConfirmedEmailChange | undefined> {
  const token = (ctx.query as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') return undefined;
  const returned = ctx.context.returned;
  if (isAPIError(returned)) {
    if (returned.statusCode < 300 || returned.statusCode >= 400) return undefined;
    const location = (returned.headers as Headers | undefined)?.get?.('location') ?? '';
    if (new URL(location, ctx.context.baseURL).searchParams.has('error')) return undefined;
  } else if (returned instanceof Error || returned instanceof Response) {
    return undefined;
  }
  const payload = await verifyJWT<{ email?: unknown; updateTo?: unknown; userId?: unknown; requestType?: unknown }>(
    token,
    ctx.context.secret,
  );
  if (
    payload?.requestType !== 'change-email-verification' ||
    typeof payload.updateTo !== 'string' ||
    typeof payload.userId !== 'string'
  )
    return undefined;
  const userId = payload.userId;
  const newEmail = payload.updateTo.toLowerCase();
  const user = await ctx.context.internalAdapter.findUserById(userId);
  if (user?.email.toLowerCase() !== newEmail) return undefined;

  const current = await getSessionFromCtx(ctx as never).catch(() => null);
  const keep = current?.user.id === userId ? current.session.token : undefined;
  let sessionsRevoked = 0;
  for (const session of await ctx.context.internalAdapter.listSessions(userId)) {
    if (session.token === keep) continue;
    await ctx.context.internalAdapter.deleteSession(session.token);
    sessionsRevoked += 1;
  }
  return { userId, oldEmail: String(payload.email ?? ''), newEmail, sessionsRevoked };
}
