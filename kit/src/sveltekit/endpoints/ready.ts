// `GET /ready` (readiness), mounted by svSdk() in `src/routes/(health)`: every plugin's check, 503 when one is down;
// details only to a HEALTH_TOKEN bearer or an admin in production.
import { readinessHandler } from '../health-routes.ts';

export const GET = readinessHandler();
