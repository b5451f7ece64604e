import { z } from 'zod';
import { sdkError } from '../core/errors.ts';
import type { EventMeta } from '../core/events.ts';
import type { PluginContext, ServerPlugin } from '../core/plugin.ts';
import type { StopOptions } from '../core/plugin.ts';
import { appendToChain } from './chain.ts';
import { createEntryPreparer } from './entry.ts';
import { AUDITED_EVENTS, entryOfEvent, type AuditedEvent } from './events.ts';
import { createMasker } from './mask.ts';
import { exportEntries } from './export.ts';
import { queryEntries } from './query.ts';
import type { AuditEntryInput, AuditPluginOptions, AuditService } from './types.ts';
import { verifyChain } from './verify.ts';
import { writeCheckpoint } from './checkpoint.ts';
import { createAuditWriter, type AuditWriter } from './writer.ts';

/** The audit plugin's configuration slice; names as in `.env.example`. */
export const auditConfigSchema = z.object({
  /**
   * Key of the audit log's keyed hashes (at least 32 characters): client addresses are stored pseudonymised with it.
   * Without it they are stored as they are (a warning in production).
   */
  AUDIT_KEY: z.string().min(32, 'at least 32 characters (generate with: openssl rand -base64 32)').optional(),
});
export type AuditConfig = z.infer<typeof auditConfigSchema>;

const CHAIN = 'main';

/**
 * The audit plugin: an append-only, hash-chained log (`audit.entries`), the SDK's events recorded through queued
 * listeners (stored with the change that emitted them), `audit.log()` for the app's own entries (batched), queries
 * and chain verification.
 * @example defineConfig({ plugins: [securityPlugin(), authPlugin(), permissionsPlugin(), auditPlugin()] })
 */
export function auditPlugin(options: AuditPluginOptions = {}): ServerPlugin<AuditConfig> {
  let writer: AuditWriter | undefined;
  let checkpoints: NodeJS.Timeout | undefined;
  let provided: AuditService | undefined;
  return {
    name: 'audit',
    dependsOn: ['db', 'jobs'],
    config: auditConfigSchema,
    setup(ctx: PluginContext<AuditConfig>) {
      const db = ctx.use('db');
      const key = ctx.pluginConfig.AUDIT_KEY;
      if (!key && ctx.config.NODE_ENV === 'production')
        ctx.logger.warn('AUDIT_KEY is not set: the audit log stores client addresses as they are.');
      const mask = createMasker({ keys: options.maskKeys, maxBytes: options.maxMetadataBytes });
      const entries = createEntryPreparer(mask, key);
      const batched = createAuditWriter({
        db,
        logger: ctx.logger,
        chain: CHAIN,
        batchSize: options.batchSize ?? 500,
        flushIntervalMs: options.flushIntervalMs ?? 200,
        maxBuffer: options.maxBuffer ?? 10_000,
      });
      writer = batched;

      const service: AuditService = {
        log(entry: AuditEntryInput) {
          try {
            return batched.enqueue(entries.prepare(entry));
          } catch (error) {
            // Never into the caller: an entry that cannot even be prepared is logged.
            ctx.logger.error({ err: error }, 'An audit entry could not be recorded.');
          }
        },
        async write(input) {
          const list = Array.isArray(input) ? input : [input as AuditEntryInput];
          for (const entry of list) {
            const problems = entries.problems(entry);
            if (problems)
              throw sdkError('VALIDATION_FAILED', { message: 'The audit entry is not valid.', details: { problems } });
          }
          await appendToChain(
            db,
            CHAIN,
            list.map((entry) => entries.prepare(entry)),
          );
        },
        flush: () => batched.flush(),
        query: (query) => queryEntries(db, query),
        export: (exportOptions) => exportEntries(db, exportOptions),
        verify: (verifyOptions) => verifyChain(db, verifyOptions?.chain ?? CHAIN, key),
        async checkpoint(checkpointOptions) {
          if (!key) throw sdkError('CONFIG_INVALID', { message: 'Signed checkpoints need AUDIT_KEY.' });
          return writeCheckpoint(db, key, checkpointOptions?.chain ?? CHAIN);
        },
      };
      ctx.provide('audit', service);
      provided = service;

      if (options.events !== false)
        for (const event of Object.keys(AUDITED_EVENTS) as AuditedEvent[])
          ctx.events.on(
            event,
            async (payload: unknown, meta: EventMeta) => {
              await appendToChain(db, CHAIN, [
                entries.prepare(entryOfEvent(event, payload as Record<string, unknown>, meta)),
              ]);
            },
            { delivery: 'queued', id: `audit.${event}` },
          );
    },
    start(ctx: PluginContext<AuditConfig>) {
      // Job workers sign the chain's last link now and then (one checkpoint per link: nodes repeating it is harmless).
      const every = options.checkpointIntervalMs ?? 3_600_000;
      const audit = provided;
      if (!audit || !ctx.config.JOBS_WORKER || every <= 0 || !ctx.pluginConfig.AUDIT_KEY) return;
      checkpoints = setInterval(() => {
        audit.checkpoint().catch((error: unknown) => ctx.logger.warn({ err: error }, 'audit checkpoint failed'));
      }, every);
      checkpoints.unref();
    },
    async stop(stopOptions?: StopOptions) {
      if (checkpoints) clearInterval(checkpoints);
      if (!writer) return;
      const left = await writer.close(Date.now() + Math.max(0, (stopOptions?.timeoutMs ?? 5000) - 100));
      if (left > 0) throw new Error(`${left} audit entries could not be written before shutdown.`);
    },
    async health() {
      if (!writer) return { status: 'up' };
      return writer.waiting > (options.maxBuffer ?? 10_000)
        ? { status: 'degraded', message: `${writer.waiting} audit entries wait to be written.` }
        : { status: 'up', details: { waiting: writer.waiting } };
    },
  };
}
