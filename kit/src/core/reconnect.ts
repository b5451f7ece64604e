// One reconnect rule for every connection to Redis and PostgreSQL: try again soon and often. A refused connection
// costs nothing, while a long back-off keeps a node degraded (or its requests waiting) long after the server is back:
// BullMQ's default grew to 20 s, postgres-js's to 20 s, the cache's to 5 s.

/** Longest wait between two reconnect attempts. */
export const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Milliseconds before reconnect attempt `attempt` (1 for the first): 100, 200, 400, 800, then 1,000, plus up to
 * 100 ms of jitter so the nodes of a fleet do not knock in step.
 * @example new Redis(url, { retryStrategy: reconnectDelayMs })
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(100 * 2 ** Math.max(0, attempt - 1), MAX_RECONNECT_DELAY_MS);
  return base + Math.floor(random() * 100);
}
