import type { LayoutServerLoad } from './$types';

// Only what the header shows: never the session record.
export const load: LayoutServerLoad = ({ locals }) => ({
  user: locals.user ? { name: locals.user.name, email: locals.user.email } : null,
});
