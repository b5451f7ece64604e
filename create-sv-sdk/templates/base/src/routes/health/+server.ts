import { livenessHandler } from '@sv-sdk/kit/sveltekit';
import type { RequestHandler } from './$types';

/** Liveness: the process answers. Does not touch the database (that is /ready). */
export const GET: RequestHandler = livenessHandler();
