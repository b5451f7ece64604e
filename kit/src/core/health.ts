export type HealthStatus = 'up' | 'degraded' | 'down';

/** What one plugin's `health()` reports. */
export interface HealthCheckResult {
  status: HealthStatus;
  latencyMs?: number;
  /** Safe for a public readiness endpoint: no hosts, credentials or stack traces. */
  message?: string;
  details?: Record<string, unknown>;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  checks: Record<string, HealthCheckResult>;
  checkedAt: string;
}

/** Any `down` check makes the whole report `down`; any `degraded` one makes it `degraded`. */
export function aggregateHealth(checks: Record<string, HealthCheckResult>, checkedAt = new Date()): HealthReport {
  const statuses = Object.values(checks).map((check) => check.status);
  const status = statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'ok';
  return { status, checks, checkedAt: checkedAt.toISOString() };
}

/** Runs a check with a deadline; a check that throws or takes too long is `down`. */
export async function runHealthCheck(
  check: () => HealthCheckResult | Promise<HealthCheckResult>,
  timeoutMs: number,
): Promise<HealthCheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<HealthCheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', message: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), deadline]);
    return { latencyMs: Math.round((performance.now() - started) * 100) / 100, ...result };
  } catch {
    return { status: 'down', message: 'check failed', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthMonitorOptions {
  /** A report younger than this is answered as it is. @default 1000 */
  maxAgeMs?: number;
  /** How long a caller waits for a refresh before it gets the last report instead. @default 50 */
  waitMs?: number;
  now?: () => number;
}

/**
 * Readiness answered fast whatever the dependencies do: the last report is reused for `maxAgeMs`; after that a call
 * starts one refresh (never two at once) and waits for it at most `waitMs`, then answers the last report. A check
 * that hangs until its deadline therefore never holds a load balancer's probe, and a recovery is reported by the
 * first probe after `maxAgeMs` whose checks answer.
 */
export function createHealthMonitor(refresh: () => Promise<HealthReport>, options: HealthMonitorOptions = {}) {
  const maxAgeMs = options.maxAgeMs ?? 1000;
  const waitMs = options.waitMs ?? 50;
  const now = options.now ?? Date.now;
  let last: { report: HealthReport; at: number } | undefined;
  let inFlight: Promise<HealthReport> | undefined;
  const start = (): Promise<HealthReport> => {
    inFlight ??= refresh()
      .then((report) => {
        last = { report, at: now() };
        return report;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  return {
    /** The current report: cached, or fresh, or (while a refresh is slow) the last one. */
    get(): Promise<HealthReport> {
      if (last && now() - last.at < maxAgeMs) return Promise.resolve(last.report);
      const fresh = start();
      const stale = last?.report;
      if (!stale) return fresh;
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        fresh,
        new Promise<HealthReport>((resolve) => {
          timer = setTimeout(() => resolve(stale), waitMs);
        }),
      ]).finally(() => clearTimeout(timer));
    },
    /** Runs the checks now (the CLI, tests) and keeps the result. */
    refresh: start,
  };
}
