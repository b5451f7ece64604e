// Sign-out (`/logout`): a form POST; a GET goes home.
import { redirect } from '@sveltejs/kit';
import { auth } from './shared.ts';

export function load(): never {
  redirect(303, '/');
}

export const actions = { default: auth.logout };
