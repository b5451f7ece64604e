// Types only, safe for browser code (components import this subpath and nothing else of the kit).
export type { ErrorBody, ErrorCode, CoreErrorCode } from './core/errors.ts';
export type { HealthReport, HealthCheckResult, HealthStatus } from './core/health.ts';
export type { SDKEvents } from './core/event-map.ts';
export type { AuthFormError, AuthFormState, TwoFactorFormState } from './sveltekit/form-state.ts';
