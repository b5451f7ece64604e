// `GET /health` (liveness), mounted by svSdk() in `src/routes/(health)`: the process answers; no database.
import { livenessHandler } from '../health-routes.ts';

export const GET = livenessHandler();
