import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Readiness: every plugin's health check; 503 when any is down, so a load balancer stops routing here. */
export const GET: RequestHandler = async ({ locals }) => {
  const report = await locals.sdk.health();
  return json(report, { status: report.status === 'down' ? 503 : 200, headers: { 'cache-control': 'no-store' } });
};
