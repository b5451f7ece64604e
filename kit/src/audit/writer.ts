import { logThrottleOf } from '../core/log-throttle.ts';
import type { Logger } from '../core/logger.ts';
import type { Database } from '../db/types.ts';
import { appendToChain, type PendingEntry } from './chain.ts';

export interface AuditWriterOptions {
  db: Database;
  logger: Logger;
  chain: string;
  batchSize: number;
  flushIntervalMs: number;
  maxBuffer: number;
}

/**
 * The batched writer behind `audit.log()`: entries wait in memory and are chained in batches (one transaction, one
 * lock of the chain, multi-row INSERTs), at the latest `flushIntervalMs` after the first one waits. A failed batch
 * (database away) is put back in front and tried again, so order is kept and nothing is dropped while the process
 * lives; the buffer is bounded only by asking callers to wait (`log` returns a promise past `maxBuffer`).
 */
export function createAuditWriter(options: AuditWriterOptions) {
  const { db, chain, batchSize, flushIntervalMs, maxBuffer } = options;
  const throttle = logThrottleOf(options.logger);
  const buffer: PendingEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let retryMs = 0;

  const schedule = (delay: number) => {
    if (timer || buffer.length === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, delay);
    timer.unref?.();
  };

  async function drain(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.splice(0, batchSize);
      try {
        await appendToChain(db, chain, batch);
        if (retryMs > 0) throttle.recovered('audit-writer', 'Audit entries are written again.');
        retryMs = 0;
      } catch (error) {
        buffer.unshift(...batch);
        retryMs = Math.min(Math.max(retryMs * 2, 100), 5000);
        throttle.log(
          'audit-writer',
          'error',
          { err: error, waiting: buffer.length },
          'Audit entries could not be written.',
        );
        schedule(retryMs);
        throw error;
      }
    }
  }

  /** Writes what waits; concurrent calls share one run. Rejects when a batch could not be written (it stays). */
  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    running ??= drain().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    /** Buffers an entry; a promise (resolved once the buffer is written) when the buffer is over `maxBuffer`. */
    enqueue(entry: PendingEntry): void | Promise<void> {
      buffer.push(entry);
      if (buffer.length >= batchSize) void flush().catch(() => undefined);
      else schedule(retryMs || flushIntervalMs);
      if (buffer.length > maxBuffer) return flush().catch(() => undefined);
    },
    flush,
    get waiting() {
      return buffer.length;
    },
    /** Writes everything left, trying again until `deadline` (ms since epoch); returns what could not be written. */
    async close(deadline: number): Promise<number> {
      while (buffer.length > 0 && Date.now() < deadline) {
        try {
          await flush();
        } catch {
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(retryMs || 100, Math.max(0, deadline - Date.now()))),
          );
        }
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      return buffer.length;
    },
  };
}

export type AuditWriter = ReturnType<typeof createAuditWriter>;
