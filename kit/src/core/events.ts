import { randomUUID } from 'node:crypto';
import { getRequestContext } from './request-context.ts';
import { sdkError } from './errors.ts';
import type { Logger } from './logger.ts';

/** An event map: an interface of event name → payload type. */
export type EventMap = object;

export type EventName<M extends EventMap> = Extract<keyof M, string>;

export type EventListener<P> = (payload: P, meta: EventMeta) => void | Promise<void>;

export interface EventMeta {
  event: string;
  /**
   * Unique per emit, the same for every listener. A queued listener may run more than once (at least once): one with
   * side effects outside the database records this id with its work and skips an id it has seen.
   */
  id: string;
  /** When the event was emitted (ISO 8601), the same for every listener. */
  emittedAt: string;
  /**
   * The request the event was emitted in (from the request context), so a queued listener running later in a worker
   * still knows who and where from: the audit log's actor, address, user agent and request id.
   */
  request?: { requestId: string; userId?: string; clientIp?: string; userAgent?: string };
}

/** The request part of an event's meta, from the request context of the emitting call chain. */
function requestMeta(): EventMeta['request'] {
  const context = getRequestContext();
  if (!context) return undefined;
  const request: NonNullable<EventMeta['request']> = { requestId: context.requestId };
  if (context.userId !== undefined) request.userId = context.userId;
  if (context.clientIp !== undefined) request.clientIp = context.clientIp;
  if (context.userAgent !== undefined) request.userAgent = context.userAgent.slice(0, 512);
  return request;
}

function newMeta(event: string): EventMeta {
  const request = requestMeta();
  const meta: EventMeta = { event, id: randomUUID(), emittedAt: new Date().toISOString() };
  if (request) meta.request = request;
  return meta;
}

export interface ListenerOptions {
  /** Higher runs first. @default 0 */
  priority?: number;
  /**
   * `sync`: runs inside `emit`, before it resolves. `queued`: runs later through the job queue, with retries —
   * for work the emitter must not wait for (sending mail). Queued listeners need a stable `id`.
   * @default 'sync'
   */
  delivery?: 'sync' | 'queued';
  /** Stable name of the listener; required for queued delivery (the job names the listener to run). */
  id?: string;
}

interface RegisteredListener {
  id: string | undefined;
  priority: number;
  delivery: 'sync' | 'queued';
  listener: EventListener<unknown>;
  order: number;
}

/** A queued delivery: the job the bus asks the queue to run later. */
export interface QueuedDelivery {
  event: string;
  listenerId: string;
  payload: unknown;
  meta: EventMeta;
}

export interface EmitOptions {
  /** Only the sync or only the queued listeners. @default both */
  only?: 'sync' | 'queued';
  /** The meta of an emit whose other half ran (or runs) separately. */
  meta?: EventMeta;
}

/** A fresh `EventMeta` for an event emitted in two halves (`emit(…, { only, meta })`). */
export function eventMeta(event: string): EventMeta {
  return newMeta(event);
}

/** Wraps a sync listener's run (see `EventBus.setListenerScope`). */
export type ListenerScope = (run: () => Promise<void>) => Promise<void>;

export type QueuedDispatcher = (delivery: QueuedDelivery) => Promise<void>;

export interface EmitResult {
  /** Sync listeners that ran without throwing. */
  delivered: number;
  /** Sync listeners that threw (logged, isolated). */
  failed: number;
  /** Queued deliveries handed to the queue. */
  queued: number;
}

/**
 * The typed event bus that domains talk through. A listener that throws is logged and isolated: it never breaks
 * the emitter nor the other listeners.
 * @example
 * sdk.events.on('user.created', async (user) => sendWelcome(user), { delivery: 'queued', id: 'email.welcome' })
 * await sdk.events.emit('user.created', { userId, email })
 */
export class EventBus<M extends EventMap> {
  readonly #listeners = new Map<string, RegisteredListener[]>();
  readonly #logger: Logger;
  #dispatcher: QueuedDispatcher | undefined;
  #scope: ListenerScope | undefined;
  #order = 0;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  on<E extends EventName<M>>(event: E, listener: EventListener<M[E]>, options: ListenerOptions = {}): () => void {
    const delivery = options.delivery ?? 'sync';
    if (delivery === 'queued' && !options.id) {
      throw new TypeError(`[sv-sdk] [events] A queued listener of "${event}" needs a stable \`id\`.`);
    }
    const entry: RegisteredListener = {
      id: options.id,
      priority: options.priority ?? 0,
      delivery,
      listener: listener as EventListener<unknown>,
      order: this.#order++,
    };
    const list = [...(this.#listeners.get(event) ?? []), entry];
    list.sort((a, b) => b.priority - a.priority || a.order - b.order);
    this.#listeners.set(event, list);
    return () => this.off(event, listener);
  }

  once<E extends EventName<M>>(
    event: E,
    listener: EventListener<M[E]>,
    options: Omit<ListenerOptions, 'delivery'> = {},
  ): () => void {
    const off = this.on(
      event,
      (payload, meta) => {
        off();
        return listener(payload, meta);
      },
      options,
    );
    return off;
  }

  off<E extends EventName<M>>(event: E, listener: EventListener<M[E]>): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    this.#listeners.set(
      event,
      list.filter((entry) => entry.listener !== listener),
    );
  }

  listenerCount(event: EventName<M>): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /**
   * Set by the db plugin: runs each sync listener of an emit made inside a database transaction in a savepoint, so a
   * listener whose query fails is isolated there too (a failed statement would otherwise abort the emitter's
   * transaction and lose its change).
   */
  setListenerScope(scope: ListenerScope | undefined): void {
    this.#scope = scope;
  }

  /** Set by the jobs plugin: queued listeners then survive restarts and are retried. */
  setQueuedDispatcher(dispatcher: QueuedDispatcher | undefined): void {
    this.#dispatcher = dispatcher;
  }

  /**
   * Runs the sync listeners in priority order and hands queued ones to the queue. Never rejects for a listener.
   * `options.only` emits one half (with the same `meta` for both): an emitter inside a transaction that ends before
   * the change is visible hands the queued deliveries over in the transaction and runs the sync listeners after it.
   */
  async emit<E extends EventName<M>>(event: E, payload: M[E], options: EmitOptions = {}): Promise<EmitResult> {
    const meta: EventMeta = options.meta ?? newMeta(event);
    const result: EmitResult = { delivered: 0, failed: 0, queued: 0 };
    for (const entry of this.#listeners.get(event) ?? []) {
      if (options.only !== undefined && options.only !== entry.delivery) continue;
      if (entry.delivery === 'queued') {
        await this.#enqueue({ event, listenerId: entry.id as string, payload, meta }, entry);
        result.queued++;
        continue;
      }
      try {
        if (this.#scope) await this.#scope(async () => entry.listener(payload, meta));
        else await entry.listener(payload, meta);
        result.delivered++;
      } catch (error) {
        result.failed++;
        this.#logger.error({ err: error, event, listener: entry.id }, 'event listener failed');
      }
    }
    return result;
  }

  /** Runs one queued delivery; throws when the listener throws or is unknown, so the queue retries it. */
  async deliverQueued(delivery: QueuedDelivery): Promise<void> {
    const entry = this.#listeners.get(delivery.event)?.find((candidate) => candidate.id === delivery.listenerId);
    if (!entry) {
      // Thrown, not dropped: the job retries (the listener may exist on another worker version) and ends in the
      // dead-letter state, where it can be seen and retried.
      throw sdkError('EVENT_LISTENER_UNKNOWN', {
        message: `[sv-sdk] [events] No queued listener "${delivery.listenerId}" for "${delivery.event}" in this process: every worker must install the same plugins.`,
      });
    }
    await entry.listener(delivery.payload, delivery.meta);
  }

  async #enqueue(delivery: QueuedDelivery, entry: RegisteredListener): Promise<void> {
    if (this.#dispatcher) {
      try {
        await this.#dispatcher(delivery);
        return;
      } catch (error) {
        this.#logger.error(
          { err: error, event: delivery.event, listener: entry.id },
          'queueing an event failed; delivering in process',
        );
      }
    }
    // No queue (yet): deliver after the emitter has moved on, still isolated.
    setImmediate(() => {
      Promise.resolve()
        .then(() => entry.listener(delivery.payload, delivery.meta))
        .catch((error: unknown) =>
          this.#logger.error({ err: error, event: delivery.event, listener: entry.id }, 'event listener failed'),
        );
    });
  }
}
