/* eslint-disable @typescript-eslint/no-explicit-any -- entries' metadata is read as loose JSON */
// The audit log on a real database (PGlite, or PostgreSQL with SV_SDK_TEST_DB=postgres): batched and direct writes,
// the hash chain and its verification, the append-only trigger, masking, queries, and the SDK's events recorded.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHarness, signedUpUser, type AuthHarness } from '../auth/fixtures/harness.ts';
import { isSDKError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import { runWithRequestContext } from '../core/request-context.ts';
import { permissionsPlugin } from '../permissions/plugin.ts';
import { appendToChain } from './chain.ts';
import { pendingEntry } from './fixtures/entries.ts';
import { entryHash, GENESIS_HASH } from './hash.ts';
import { auditEntries } from './schema.ts';
import { auditPlugin } from './plugin.ts';
import type { AuditService } from './types.ts';
import { createAuditWriter } from './writer.ts';

const AUDIT_KEY = 'audit-test-key-audit-test-key-0123456789';

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('not seen in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isSDKError(error)) return error.code;
    throw error;
  }
  return 'OK';
}

describe('audit log', () => {
  let h: AuthHarness;
  let audit: AuditService;

  beforeAll(async () => {
    h = await createAuthHarness({
      config: { AUDIT_KEY },
      sdk: { plugins: [permissionsPlugin(), auditPlugin({ flushIntervalMs: 20 })] },
    });
    audit = h.sdk.service('audit');
    await h.sdk.seed();
  });
  afterAll(() => h?.close());

  it('log() batches entries with the request context; secrets masked, the address pseudonymised', async () => {
    runWithRequestContext({ requestId: 'req-1', userId: 'user-1', clientIp: '203.0.113.9', userAgent: 'ua/1' }, () => {
      expect(
        audit.log({
          action: 'invoice.paid',
          target: { type: 'invoice', id: 'inv-1' },
          metadata: { amount: 42, card: { token: 'tok_secret', last4: '4242' }, password: 'hunter2', note: 'a\u0000b' },
        }),
      ).toBeUndefined();
    });
    await audit.flush();
    const { entries } = await audit.query({ action: 'invoice.paid' });
    expect(entries).toHaveLength(1);
    const [entry] = entries as [any];
    expect(entry).toMatchObject({
      action: 'invoice.paid',
      outcome: 'success',
      actorId: 'user-1',
      requestId: 'req-1',
      userAgent: 'ua/1',
      targetType: 'invoice',
      targetId: 'inv-1',
      metadata: { amount: 42, card: { token: '[masked]', last4: '4242' }, password: '[masked]', note: 'ab' },
    });
    expect(entry.actorIp).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(JSON.stringify(entry)).not.toContain('203.0.113.9');
    expect(JSON.stringify(entry)).not.toContain('hunter2');
  });

  it('bad input never throws from log(): it is recorded as audit.invalid_entry; write() refuses it', async () => {
    expect(() => audit.log({ action: 'Not An Action!' })).not.toThrow();
    await audit.flush();
    const { entries } = await audit.query({ action: 'audit.invalid_entry' });
    expect(entries[0]?.metadata).toMatchObject({ problems: [expect.stringContaining('action')] });
    expect(await codeOf(audit.write({ action: 'x', target: { type: 'Bad Type' } }))).toBe('VALIDATION_FAILED');
    // Oversized metadata is cut with a marker saying what was dropped.
    await audit.write({ action: 'upload.received', metadata: { name: 'a.txt', body: 'x'.repeat(20_000) } });
    const [big] = (await audit.query({ action: 'upload.received' })).entries as [any];
    expect(big.metadata.name).toBe('a.txt');
    expect(big.metadata.body).toBeUndefined();
    expect(big.metadata._truncated).toMatchObject({ limit: 8192, dropped: ['body'] });
  });

  it('queries filter, page with a stable cursor, and refuse bad filters', async () => {
    await audit.write(
      Array.from({ length: 7 }, (_, index) => ({
        action: index % 2 ? 'report.viewed' : 'report.exported',
        actorId: index < 4 ? 'alice' : 'bob',
        outcome: index === 6 ? ('failure' as const) : ('success' as const),
        occurredAt: new Date(Date.UTC(2026, 0, 1, 12, 0, index % 3)),
      })),
    );
    const all = await audit.query({ action: 'report.*' });
    expect(all.entries).toHaveLength(7);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await audit.query({ action: 'report.*', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.entries.map((entry) => entry.id));
    const times = all.entries.map((entry) => entry.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await audit.query({ action: 'report.*', actorId: 'alice' })).entries).toHaveLength(4);
    expect((await audit.query({ action: 'report.exported', outcome: 'failure' })).entries).toHaveLength(1);
    expect(
      (
        await audit.query({
          action: 'report.*',
          from: new Date(Date.UTC(2026, 0, 1, 12, 0, 1)),
          to: new Date(Date.UTC(2026, 0, 1, 12, 0, 2)),
        })
      ).entries,
    ).toHaveLength(2);
    // `_` in a prefix is a character, not LIKE's wildcard.
    expect((await audit.query({ action: 'report_.*' })).entries).toHaveLength(0);
    for (const bad of [
      { limit: 0 },
      { limit: 10_000 },
      { action: 'DROP TABLE' },
      { cursor: 'not-a-cursor' },
      { from: new Date(2), to: new Date(1) },
      { colour: 'red' },
    ])
      expect(await codeOf(audit.query(bad as never)), JSON.stringify(bad)).toBe('VALIDATION_FAILED');
  });

  it('full-text search on the metadata strings, with the other filters', async () => {
    await audit.write([
      { action: 'ticket.closed', metadata: { subject: 'Printer on fire', tags: ['hardware', 'urgent'] } },
      { action: 'ticket.closed', metadata: { subject: 'Password reset loop', note: 'printer unrelated' } },
      { action: 'ticket.opened', metadata: { subject: 'Printer jammed' } },
    ]);
    const subjects = async (search: string, action = 'ticket.*') =>
      (await audit.query({ action, search })).entries.map((entry) => entry.metadata.subject).sort();
    expect(await subjects('printer')).toEqual(['Password reset loop', 'Printer jammed', 'Printer on fire']);
    expect(await subjects('printer', 'ticket.closed')).toEqual(['Password reset loop', 'Printer on fire']);
    expect(await subjects('printer -unrelated')).toEqual(['Printer jammed', 'Printer on fire']);
    expect(await subjects('"on fire"')).toEqual(['Printer on fire']);
    expect(await subjects('urgent')).toEqual(['Printer on fire']);
    expect(await subjects('nothing-like-this')).toEqual([]);
    // Operators are words to websearch_to_tsquery: no syntax error reaches the caller.
    expect(await subjects('printer & | ! (')).toEqual(['Password reset loop', 'Printer jammed', 'Printer on fire']);
    expect((await audit.query({ action: 'ticket.*', search: 'printer' })).entries[0]).not.toHaveProperty('search');
    expect(await codeOf(audit.query({ search: 'x'.repeat(201) }))).toBe('VALIDATION_FAILED');
  });

  it('signed checkpoints: a chain rewritten from its start (every hash recomputed) is detected', async () => {
    const plain = (action: string) => pendingEntry({ action });
    await appendToChain(h.sdk.db, 'ledger', [plain('ledger.one'), plain('ledger.two'), plain('ledger.three')]);
    const signed = await audit.checkpoint({ chain: 'ledger' });
    expect(signed?.seq).toBe(3);
    // The same link twice: one checkpoint.
    expect(await audit.checkpoint({ chain: 'ledger' })).toBeUndefined();
    const good = await audit.verify({ chain: 'ledger' });
    expect(good).toMatchObject({ ok: true, checkpoints: { checked: 1 } });
    // Rewrite the signed entry and recompute every hash from there: the links hold, the checkpoint does not.
    const rows = await h.sdk.db.drizzle
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.chain, 'ledger'))
      .orderBy(asc(auditEntries.seq));
    await h.sdk.db.transaction(async () => {
      await h.sdk.db.query(sql`set local sv_sdk.audit_maintenance = 'on'`);
      let prev = GENESIS_HASH;
      for (const row of rows) {
        const entry = { ...row, action: row.seq === signed?.seq ? 'ledger.forged' : row.action };
        const hash = entryHash(prev, entry);
        await h.sdk.db.drizzle
          .update(auditEntries)
          .set({ action: entry.action, prevHash: prev, hash })
          .where(eq(auditEntries.id, row.id));
        prev = hash;
      }
    });
    const rewritten = await audit.verify({ chain: 'ledger' });
    expect(rewritten.firstBroken).toBeUndefined();
    expect(rewritten).toMatchObject({ ok: false, checkpoints: { checked: 0, firstBroken: { reason: 'mismatch' } } });
  });

  it('the chain verifies; a changed or deleted entry is the first broken link; the table is append-only', async () => {
    expect(await audit.verify()).toMatchObject({ ok: true });
    const before = await audit.verify();
    expect(before.checked).toBeGreaterThan(5);
    // Without the maintenance setting, PostgreSQL refuses any change.
    await expect(h.sdk.db.query(sql`update audit.entries set action = 'x' where seq = 3`)).rejects.toThrow();
    await expect(h.sdk.db.query(sql`delete from audit.entries where seq = 3`)).rejects.toThrow();
    await expect(h.sdk.db.query(sql`truncate audit.entries`)).rejects.toThrow();
    // A rewrite (what an attacker with the maintenance switch, or the database's owner, could do) is detected.
    await h.sdk.db.transaction(async () => {
      await h.sdk.db.query(sql`set local sv_sdk.audit_maintenance = 'on'`);
      await h.sdk.db.query(sql`update audit.entries set metadata = '{"amount": 1}' where seq = 3`);
    });
    const tampered = await audit.verify();
    expect(tampered).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, reason: 'hash' } });
    await h.sdk.db.transaction(async () => {
      await h.sdk.db.query(sql`set local sv_sdk.audit_maintenance = 'on'`);
      await h.sdk.db.query(sql`delete from audit.entries where seq <= 3`);
    });
    expect(await audit.verify()).toMatchObject({ ok: false, checked: 0, firstBroken: { seq: 4, reason: 'gap' } });
  });

  it('records the SDK events through queued listeners, with actor, target and masked secrets', async () => {
    const alice = await signedUpUser(h, 'alice.audit@example.com');
    const created = await eventually(async () => {
      const { entries } = await audit.query({ action: 'user.created', targetId: alice.userId });
      return entries[0];
    });
    expect(created).toMatchObject({ actorId: alice.userId, targetType: 'user', outcome: 'success' });
    const verification = await eventually(async () => {
      const { entries } = await audit.query({ action: 'user.verification_requested', targetId: alice.userId });
      return entries[0];
    });
    expect(verification.metadata).toMatchObject({ token: '[masked]', url: '[masked]' });
    // A denied admin call: outcome denied, the caller as actor.
    const refused = await h.call('/admin/ban-user', { cookie: alice.cookie, body: { userId: alice.userId } });
    expect(refused.status).toBe(403);
    const denied = await eventually(async () => {
      const { entries } = await audit.query({ action: 'permission.denied', actorId: alice.userId });
      return entries[0];
    });
    expect(denied).toMatchObject({ outcome: 'denied', targetType: 'permission', targetId: 'user:ban' });
    // A role given by someone: the giver is the actor, the user the target.
    await h.sdk.service('permissions').roles.assign(alice.userId, 'manager', { by: 'root-id' });
    const assigned = await eventually(async () => {
      const { entries } = await audit.query({ action: 'role.assigned', targetId: alice.userId });
      return entries[0];
    });
    expect(assigned).toMatchObject({ actorId: 'root-id', metadata: { role: 'manager' } });
  });

  it('an event delivered twice is written once', async () => {
    const entry = pendingEntry({ action: 'twice.delivered', eventId: 'event-123' });
    await appendToChain(h.sdk.db, 'dedupe', [entry]);
    await appendToChain(h.sdk.db, 'dedupe', [entry, { ...entry, eventId: 'event-124' }]);
    const rows = await h.sdk.db.query<{ event_id: string; seq: number }>(
      sql`select event_id, seq from audit.entries where chain = 'dedupe' order by seq`,
    );
    expect(rows).toEqual([
      { event_id: 'event-123', seq: 1 },
      { event_id: 'event-124', seq: 2 },
    ]);
    expect(await audit.verify({ chain: 'dedupe' })).toMatchObject({ ok: true, checked: 2 });
  });

  it('the writer writes what waits when it closes, in order, in batches', async () => {
    const writer = createAuditWriter({
      db: h.sdk.db,
      logger: createLogger({ level: 'silent' }),
      chain: 'closing',
      batchSize: 4,
      flushIntervalMs: 60_000,
      maxBuffer: 100,
    });
    for (let index = 0; index < 10; index++)
      writer.enqueue(pendingEntry({ action: `closing.${index}`, metadata: { index } }));
    expect(await writer.close(Date.now() + 5000)).toBe(0);
    const rows = await h.sdk.db.query<{ action: string }>(
      sql`select action from audit.entries where chain = 'closing' order by seq`,
    );
    expect(rows.map((row) => row.action)).toEqual(Array.from({ length: 10 }, (_, index) => `closing.${index}`));
    expect(await audit.verify({ chain: 'closing' })).toMatchObject({ ok: true, checked: 10 });
  });
});
