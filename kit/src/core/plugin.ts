import type { z } from 'zod';
import type { Seed } from '../db/seed.ts';
import type { CoreConfig, EnvRecord } from './config.ts';
import type { EventBus } from './events.ts';
import type { SDKEvents } from './event-map.ts';
import type { HealthCheckResult } from './health.ts';
import type { Logger } from './logger.ts';
import type { Services } from './services.ts';
import type { RouteContribution } from '../routes/types.ts';

export interface StopOptions {
  /** Milliseconds left of the shutdown deadline. */
  timeoutMs: number;
}

/** What a plugin receives in `setup` and `start`. */
export interface PluginContext<TConfig = unknown> {
  /** The core configuration (see `.env.example`). */
  config: CoreConfig;
  /** This plugin's own configuration slice, parsed by its `config` schema (undefined without one). */
  pluginConfig: TConfig;
  /** The raw environment the SDK was created with (already validated where a schema names it). */
  env: EnvRecord;
  /** A child logger named after the plugin. */
  logger: Logger;
  events: EventBus<SDKEvents>;
  /** Offer a service to the plugins that depend on this one. */
  provide<K extends keyof Services>(name: K, service: Services[K]): void;
  /** Take a service from a plugin this one depends on; throws when nobody provided it. */
  use<K extends keyof Services>(name: K): Services[K];
}

/**
 * A server plugin: every domain of the kit is one. The core starts plugins in dependency order and stops them in
 * reverse; it has no code for any particular plugin.
 * @example
 * export const auditPlugin = (options: AuditOptions = {}) =>
 *   ({ name: 'audit', dependsOn: ['db', 'jobs'], setup(ctx) { … } }) satisfies ServerPlugin;
 */
export interface ServerPlugin<TConfig = unknown> {
  name: string;
  dependsOn?: readonly string[];
  /** zod schema of the plugin's configuration, read from the same env and options as the core's. */
  config?: z.ZodObject;
  /** Wire things up: provide services, register listeners and job handlers. No long-running work here. */
  setup(ctx: PluginContext<TConfig>): void | Promise<void>;
  /** Start background work (workers, subscriptions) once every plugin is set up. */
  start?(ctx: PluginContext<TConfig>): void | Promise<void>;
  /**
   * Stop background work and release resources; called in reverse start order. `timeoutMs` is what is left of
   * SHUTDOWN_TIMEOUT_MS for this plugin: finish (or hand back) in-flight work within it.
   */
  stop?(options?: StopOptions): void | Promise<void>;
  /** Idempotent seed data of the domain (roles, admin user, templates), run by `sdk.seed()` / `sv-sdk db seed`. */
  seeds?: readonly Seed[];
  /**
   * Routes the plugin adds to the host app (pages, endpoints), as data: `svSdk()` and `sv-sdk sync` write them as
   * thin route files that import the packaged modules named here.
   */
  routes?: readonly RouteContribution[];
  /** Readiness of what the plugin owns. */
  health?(): HealthCheckResult | Promise<HealthCheckResult>;
}

/** Identity helper that keeps a plugin's config type. */
export function defineServerPlugin<TConfig>(plugin: ServerPlugin<TConfig>): ServerPlugin<TConfig> {
  return plugin;
}
