-- Custom SQL migration: the session lookup of `auth.getSession` on a session-cache miss (kit/src/auth/session.ts).
-- Returns the live session (not expired, user not deleted) joined with its user as the JSON text of the cache entry
-- better-auth writes, `{ session, user }` with property names, or no row. The properties are those of the Drizzle
-- tables (session-cache.test.ts checks it): a new column of auth.session or auth.user needs a new version here.
-- PL/pgSQL keeps the plan of its query for the connection's lifetime, so a call costs no planning: on PGlite planning
-- the join costs more than running it (~0.2 ms of ~0.45 ms).
CREATE OR REPLACE FUNCTION "auth"."session_by_token"(p_token text) RETURNS SETOF text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY
    SELECT json_build_object(
      'session', json_build_object(
        'id', s."id",
        'expiresAt', s."expires_at",
        'token', s."token",
        'createdAt', s."created_at",
        'updatedAt', s."updated_at",
        'ipAddress', s."ip_address",
        'userAgent', s."user_agent",
        'userId', s."user_id",
        'impersonatedBy', s."impersonated_by"
      ),
      'user', json_build_object(
        'id', u."id",
        'name', u."name",
        'email', u."email",
        'emailVerified', u."email_verified",
        'image', u."image",
        'createdAt', u."created_at",
        'updatedAt', u."updated_at",
        'role', u."role",
        'banned', u."banned",
        'banReason', u."ban_reason",
        'banExpires', u."ban_expires",
        'twoFactorEnabled', u."two_factor_enabled",
        'deletedAt', u."deleted_at"
      )
    )::text
    FROM "auth"."session" s
    JOIN "auth"."user" u ON u."id" = s."user_id"
    WHERE s."token" = p_token AND s."expires_at" > now() AND u."deleted_at" IS NULL;
END
$$;
