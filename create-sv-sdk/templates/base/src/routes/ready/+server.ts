import { readinessHandler } from '@sv-sdk/kit/sveltekit';
import type { RequestHandler } from './$types';

/** Readiness: 503 when a check is down. In production the details need HEALTH_TOKEN (bearer) or an admin session. */
export const GET: RequestHandler = readinessHandler();
