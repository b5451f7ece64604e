export { createSDK, type CreateSDKOptions, type SDK } from './sdk.ts';
export { defineConfig, type SDKConfig } from './define-config.ts';
export {
  coreConfigSchema,
  parseConfig,
  resolveCoreConfig,
  type CoreConfig,
  type CoreConfigInput,
  type EnvRecord,
} from './config.ts';
export {
  ERROR_CODES,
  SDKError,
  sdkError,
  isSDKError,
  statusOf,
  toErrorBody,
  toHttpResponse,
  type CoreErrorCode,
  type ErrorBody,
  type ErrorCode,
  type SDKErrorOptions,
} from './errors.ts';
export { createLogger, REDACTED_PATHS, type Logger, type LoggerOptions, type LogLevel } from './logger.ts';
export {
  getRequestContext,
  runWithRequestContext,
  type RequestContext,
  type ResponseCookieOptions,
} from './request-context.ts';
export {
  EventBus,
  type EmitResult,
  type EventListener,
  type EventMap,
  type EventMeta,
  type ListenerOptions,
  type QueuedDelivery,
} from './events.ts';
export type { CoreEvents, SDKEvents } from './event-map.ts';
export { defineServerPlugin, type PluginContext, type ServerPlugin, type StopOptions } from './plugin.ts';
export { orderPlugins } from './plugin-order.ts';
export {
  aggregateHealth,
  runHealthCheck,
  type HealthCheckResult,
  type HealthReport,
  type HealthStatus,
} from './health.ts';
export { installShutdownHandlers } from './shutdown.ts';
export type { Services } from './services.ts';
