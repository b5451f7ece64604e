// The sign-up page (`/signup`).
import { redirect } from '@sveltejs/kit';
import { svSdkLocals } from '../locals.ts';
import { auth, type PageEvent } from './shared.ts';

export function load({ locals }: PageEvent) {
  if (svSdkLocals(locals).user) redirect(303, '/');
  return {};
}

export const actions = { default: auth.signup };
