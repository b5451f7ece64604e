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
