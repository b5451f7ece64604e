import { requireUser } from '@sv-sdk/kit/sveltekit';
import type { PageServerLoad } from './$types';

// A protected page: signed out, a page request is redirected to /login?redirectTo=/dashboard (and comes back after
// signing in); a data request or a form post gets a 401. Call requireUser in every load, action and endpoint that
// needs a user: a check in a layout does not protect its children's data requests.
export const load: PageServerLoad = (event) => {
  const { user, session } = requireUser(event);
  return {
    name: user.name,
    email: user.email,
    emailVerified: user.emailVerified,
    signedInAt: session.createdAt.toISOString(),
  };
};
