import { json } from '@sveltejs/kit';
import type { HealthReport } from '../core/health.ts';
import { constantTimeEqual } from '../security/secrets.ts';
import { svSdkLocals } from './locals.ts';

/** What the health routes read of a SvelteKit `RequestEvent`. */
export interface HealthEvent {
  locals: object;
  request: Request;
}

export interface HealthDetailsOptions {
  /** Without the permissions plugin: roles whose signed-in users see the details. @default ['admin'] */
  adminRoles?: readonly string[];
}

/** What an anonymous caller learns in production: the status, nothing about engines, counts or workers. */
export interface PublicHealthReport {
  status: HealthReport['status'];
  checkedAt: string;
}

/** The bearer token of an `Authorization` header, or undefined. */
function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Whether this caller may see the health details (each check, engine kinds, entry counts, worker state): always
 * outside production; in production a caller whose `Authorization: Bearer` equals HEALTH_TOKEN (compared in constant
 * time) or a signed-in user allowed to: with the permissions plugin, one holding `health:read` (manager, admin,
 * super_admin); without it, one whose role is an admin role. The details name the engines and their state, which
 * tells an attacker what to aim at, so anonymous callers get the status alone.
 */
export async function mayReadHealthDetails(event: HealthEvent, options: HealthDetailsOptions = {}): Promise<boolean> {
  const locals = svSdkLocals(event.locals);
  const { sdk, user } = locals;
  if (sdk.config.NODE_ENV !== 'production') return true;
  const expected = sdk.config.HEALTH_TOKEN;
  const given = bearerToken(event.request);
  if (expected && given !== undefined && constantTimeEqual(given, expected)) return true;
  if (!user) return false;
  if (sdk.plugins.includes('permissions'))
    return (await sdk.service('permissions').policyFor(user.id)).has('health:read');
  const adminRoles = options.adminRoles ?? ['admin'];
  const roles = (user.role ?? '').split(',').map((role) => role.trim());
  return roles.some((role) => role !== '' && adminRoles.includes(role));
}

/** The report as this caller may see it (see `mayReadHealthDetails`). */
export async function healthReportFor(
  event: HealthEvent,
  report: HealthReport,
  options?: HealthDetailsOptions,
): Promise<HealthReport | PublicHealthReport> {
  return (await mayReadHealthDetails(event, options)) ? report : { status: report.status, checkedAt: report.checkedAt };
}

/**
 * `GET /ready`: every plugin's health check, 503 when any is down (a load balancer stops routing here), never
 * cached. Details only for an authorised caller in production.
 * @example
 * // src/routes/ready/+server.ts
 * export const GET = readinessHandler();
 */
export function readinessHandler(options?: HealthDetailsOptions) {
  return async (event: HealthEvent): Promise<Response> => {
    const report = await svSdkLocals(event.locals).sdk.health();
    return json(await healthReportFor(event, report, options), {
      status: report.status === 'down' ? 503 : 200,
      headers: { 'cache-control': 'no-store' },
    });
  };
}

/**
 * `GET /health`: liveness, the process answers; touches no database (that is `/ready`).
 * @example
 * // src/routes/health/+server.ts
 * export const GET = livenessHandler();
 */
export function livenessHandler() {
  return (): Response =>
    json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }, { headers: { 'cache-control': 'no-store' } });
}
