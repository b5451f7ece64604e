// `@sv-sdk/kit/sveltekit`: the SvelteKit glue — the handle, guards, and the form actions behind the auth pages.
export { appSDK } from './app-sdk.ts';
export { svSdkHandle, type SvSdkHandleOptions, type SDKSource } from './handle.ts';
export { svSdkHandleError, describeCaughtError, type SvSdkAppError, type CaughtErrorInput } from './handle-error.ts';
export {
  requireUser,
  requireVerified,
  type GuardEvent,
  type GuardOptions,
  type AuthenticatedRequest,
} from './guards.ts';
export { requirePermission, compileRouteGuards, guardFor, type RouteGuard } from './permission-guards.ts';
export {
  authActions,
  listOwnSessions,
  DEFAULT_AUTH_ROUTES,
  type AuthRoutes,
  type SessionSummary,
} from './auth-actions.ts';
export {
  readinessHandler,
  livenessHandler,
  mayReadHealthDetails,
  healthReportFor,
  type HealthEvent,
  type HealthDetailsOptions,
  type PublicHealthReport,
} from './health-routes.ts';
export { callAuthEndpoint, type AuthActionEvent, type AuthEndpointResult } from './auth-endpoint.ts';
export type { AuthFormError, AuthFormState, TwoFactorFormState } from './form-state.ts';
export { svSdkLocals, type SvSdkLocals, type SessionUser, type RequestSession } from './locals.ts';
