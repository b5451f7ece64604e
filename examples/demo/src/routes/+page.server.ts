import { mayReadHealthDetails } from '@sv-sdk/kit/sveltekit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { locals } = event;
  const report = await locals.sdk.health();
  // The engines this app runs on are details: in production only an admin (or a HEALTH_TOKEN bearer) sees them.
  const engines = (await mayReadHealthDetails(event))
    ? { database: locals.sdk.config.database, redis: Boolean(locals.sdk.config.REDIS_URL), jobs: locals.sdk.jobs.kind }
    : null;
  return { status: report.status, engines };
};
