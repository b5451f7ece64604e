import { cachePlugin } from '../cache/plugin.ts';
import type { Cache } from '../cache/types.ts';
import { dbPlugin } from '../db/plugin.ts';
import { runSeeds, type SeedReport } from '../db/seed.ts';
import type { Database } from '../db/types.ts';
import { jobsPlugin } from '../jobs/plugin.ts';
import type { JobQueue } from '../jobs/types.ts';
import { parseConfig, resolveCoreConfig, type CoreConfig, type CoreConfigInput, type EnvRecord } from './config.ts';
import { sdkError } from './errors.ts';
import { EventBus } from './events.ts';
import type { SDKEvents } from './event-map.ts';
import {
  aggregateHealth,
  createHealthMonitor,
  runHealthCheck,
  type HealthCheckResult,
  type HealthReport,
} from './health.ts';
import { createLogger, type Logger } from './logger.ts';
import type { PluginContext, ServerPlugin } from './plugin.ts';
import { orderPlugins } from './plugin-order.ts';
import type { Services } from './services.ts';

export interface CreateSDKOptions {
  /** Environment variables to read. @default process.env */
  env?: EnvRecord;
  /** Configuration values that win over `env`, by the same names (`DATABASE_URL`, `LOG_LEVEL`, …). */
  config?: Partial<CoreConfigInput> & Record<string, unknown>;
  /**
   * Domain plugins. The foundation plugins `db`, `cache` and `jobs` are always installed; a plugin of the same
   * name given here replaces the default one.
   */
  plugins?: ServerPlugin<never>[];
  /** A logger to use instead of the one built from LOG_LEVEL/LOG_FORMAT. */
  logger?: Logger;
  /** Deadline of each plugin's health check. @default 1000 */
  healthTimeoutMs?: number;
  /** `health()` reuses a report this young (readiness probes stay cheap and fast). @default 1000 */
  healthCacheMs?: number;
}

/** The running SDK: one per process. */
export interface SDK {
  readonly config: CoreConfig;
  readonly logger: Logger;
  readonly events: EventBus<SDKEvents>;
  readonly db: Database;
  readonly cache: Cache;
  readonly jobs: JobQueue;
  /** Names of the started plugins, in start order. */
  readonly plugins: readonly string[];
  /** A service by name (the foundation's are also properties). */
  service<K extends keyof Services>(name: K): Services[K];
  /** Runs every plugin's seeds in plugin order (each seed idempotent, in its own transaction). */
  seed(): Promise<SeedReport>;
  /**
   * Every plugin's health check, aggregated; never throws. Answers within ~50 ms: a report younger than
   * `healthCacheMs` is reused, and while a refresh waits on a slow check the last report is answered
   * (`{ fresh: true }` waits for the checks instead: the CLI, tests).
   */
  health(options?: { fresh?: boolean }): Promise<HealthReport>;
  /** Stops plugins in reverse order within SHUTDOWN_TIMEOUT_MS (drains jobs, closes pools). Idempotent. */
  close(reason?: string): Promise<void>;
}

const FOUNDATION = (): ServerPlugin<never>[] => [dbPlugin(), cachePlugin(), jobsPlugin()] as ServerPlugin<never>[];

/**
 * Creates and starts the SDK: parses the configuration, sets up and starts every plugin in dependency order.
 * A bad configuration or a plugin that fails to start stops start-up with a clear error, and whatever had started is
 * stopped again.
 * @example
 * const sdk = await createSDK({ plugins: [] });
 * const report = await sdk.health();
 * await sdk.close();
 */
export async function createSDK(options: CreateSDKOptions = {}): Promise<SDK> {
  const env = options.env ?? process.env;
  const config = resolveCoreConfig(env, options.config);
  const logger =
    options.logger ?? createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty', name: 'sv-sdk' });
  const events = new EventBus<SDKEvents>(logger.child({ module: 'events' }));

  const given = options.plugins ?? [];
  const givenNames = new Set(given.map((plugin) => plugin.name));
  const plugins = orderPlugins([...FOUNDATION().filter((plugin) => !givenNames.has(plugin.name)), ...given]);

  const services = new Map<keyof Services, Services[keyof Services]>();
  const contexts = new Map<string, PluginContext<unknown>>();
  for (const plugin of plugins) {
    const pluginConfig = plugin.config ? parseConfig(plugin.config, env, options.config, plugin.name) : undefined;
    contexts.set(plugin.name, {
      config,
      pluginConfig,
      env,
      logger: logger.child({ plugin: plugin.name }),
      events,
      provide(name, service) {
        if (services.has(name)) {
          throw sdkError('PLUGIN_DEPENDENCY', {
            message: `[sv-sdk] [${plugin.name}] The service "${name}" is already provided.`,
          });
        }
        services.set(name, service);
      },
      use(name) {
        const service = services.get(name);
        if (service === undefined) {
          throw sdkError('PLUGIN_DEPENDENCY', {
            message: `[sv-sdk] [${plugin.name}] The service "${name}" is not available: add the plugin that provides it to dependsOn.`,
          });
        }
        return service as Services[typeof name];
      },
    });
  }

  const started: ServerPlugin<never>[] = [];
  const stopStarted = async (): Promise<void> => {
    for (const plugin of [...started].reverse()) {
      try {
        await plugin.stop?.({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
      } catch (error) {
        logger.error({ err: error, plugin: plugin.name }, 'plugin failed to stop');
      }
    }
  };
  try {
    for (const plugin of plugins) {
      await plugin.setup(contexts.get(plugin.name) as PluginContext<never>);
      // A plugin that has set up owns resources (pools, files), so it is stopped if a later one fails.
      started.push(plugin);
    }
    for (const plugin of plugins) await plugin.start?.(contexts.get(plugin.name) as PluginContext<never>);
  } catch (error) {
    await stopStarted();
    throw error;
  }

  const service = <K extends keyof Services>(name: K): Services[K] => {
    const found = services.get(name);
    if (found === undefined)
      throw sdkError('PLUGIN_DEPENDENCY', { message: `[sv-sdk] No plugin provides the service "${name}".` });
    return found as Services[K];
  };
  const healthTimeoutMs = options.healthTimeoutMs ?? 1000;
  let closing: Promise<void> | undefined;

  const sdk: SDK = {
    config,
    logger,
    events,
    db: service('db'),
    cache: service('cache'),
    jobs: service('jobs'),
    plugins: plugins.map((plugin) => plugin.name),
    service,
    seed() {
      return runSeeds(
        service('db'),
        plugins.flatMap((plugin) => plugin.seeds ?? []),
        logger.child({ module: 'seed' }),
      );
    },
    async health(healthOptions = {}) {
      if (closing) {
        return aggregateHealth(
          Object.fromEntries(plugins.map((plugin) => [plugin.name, { status: 'down', message: 'shutting down' }])),
        );
      }
      return healthOptions.fresh ? monitor.refresh() : monitor.get();
    },
    close(reason = 'close() called') {
      closing ??= closeAll(reason);
      return closing;
    },
  };
  const monitor = createHealthMonitor(checkAll, { maxAgeMs: options.healthCacheMs ?? 1000 });

  async function checkAll(): Promise<HealthReport> {
    const entries = await Promise.all(
      plugins
        .filter((plugin) => plugin.health)
        .map(async (plugin): Promise<[string, HealthCheckResult]> => [
          plugin.name,
          await runHealthCheck(
            () => (plugin.health as () => HealthCheckResult | Promise<HealthCheckResult>)(),
            healthTimeoutMs,
          ),
        ]),
    );
    return aggregateHealth(Object.fromEntries(entries));
  }

  async function closeAll(reason: string): Promise<void> {
    logger.info({ reason }, 'sv-sdk stopping');
    await events.emit('sdk.stopping', { reason });
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    for (const plugin of [...started].reverse()) {
      const remaining = Math.max(0, deadline - Date.now());
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), remaining);
      });
      try {
        const outcome = await Promise.race([
          Promise.resolve().then(() => plugin.stop?.({ timeoutMs: remaining })),
          timedOut,
        ]);
        if (outcome === 'timeout')
          logger.warn({ plugin: plugin.name }, 'plugin did not stop within the shutdown timeout');
      } catch (error) {
        logger.error({ err: error, plugin: plugin.name }, 'plugin failed to stop');
      } finally {
        clearTimeout(timer);
      }
    }
    logger.info('sv-sdk stopped');
  }

  await events.emit('sdk.started', {
    plugins: sdk.plugins.slice(),
    database: config.database,
    redis: Boolean(config.REDIS_URL),
  });
  logger.info({ plugins: sdk.plugins, database: config.database, redis: Boolean(config.REDIS_URL) }, 'sv-sdk started');
  return sdk;
}
