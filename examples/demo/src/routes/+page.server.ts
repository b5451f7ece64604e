import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const report = await locals.sdk.health();
  return {
    status: report.status,
    database: locals.sdk.config.database,
    redis: Boolean(locals.sdk.config.REDIS_URL),
    jobs: locals.sdk.jobs.kind,
  };
};
