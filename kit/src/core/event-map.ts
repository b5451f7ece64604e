import type { AuthEvents } from '../auth/events.ts';
import type { PermissionEvents } from '../permissions/events.ts';

/**
 * Every event of the SDK, by name. Domains add their events here (as an interface they export from their own
 * `events.ts`) in the issue that builds them; listeners and emitters are typed by this map.
 */
export interface CoreEvents {
  'sdk.started': { plugins: string[]; database: 'pglite' | 'postgres'; redis: boolean };
  'sdk.stopping': { reason: string };
}

export interface SDKEvents extends CoreEvents, AuthEvents, PermissionEvents {}
