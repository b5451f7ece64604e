// Single-flight for `getOrSet`: concurrent misses of one key share one lookup and one compute. A write or delete of
// the key while a computation runs marks it stale, so the (possibly outdated) result is returned to its waiters but
// not stored, and later callers start a fresh computation.

interface Flight {
  promise: Promise<unknown>;
  stale: boolean;
}

/** The in-flight `getOrSet` computations of one cache. */
export class SingleFlight {
  readonly #flights = new Map<string, Flight>();

  /** Number of keys being computed right now. */
  get size(): number {
    return this.#flights.size;
  }

  /**
   * Runs `lookup`, then (on a miss) `compute` and `store`, once per key however many callers arrive meanwhile.
   * A failed lookup or compute rejects every waiter and stores nothing. `undefined` results are never stored.
   */
  run<T>(
    key: string,
    lookup: (() => Promise<T | undefined>) | undefined,
    compute: () => Promise<T>,
    store: (value: T) => Promise<void>,
  ): Promise<T> {
    const running = this.#flights.get(key);
    if (running) return running.promise as Promise<T>;

    const flight: Flight = { promise: Promise.resolve(), stale: false };
    const promise = (async (): Promise<T> => {
      if (lookup) {
        const cached = await lookup();
        if (cached !== undefined) return cached;
      }
      const value = await compute();
      if (value !== undefined && !flight.stale) await store(value);
      return value;
    })();
    flight.promise = promise;
    this.#flights.set(key, flight);
    const done = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    // Cleanup only: waiters handle the rejection themselves.
    promise.then(done, done);
    return promise;
  }

  /** The keys were written or deleted: running computations of them must not store their results. */
  invalidate(keys: string | readonly string[]): void {
    if (this.#flights.size === 0) return;
    if (typeof keys === 'string') this.#drop(keys);
    else for (const key of keys) this.#drop(key);
  }

  /** Like `invalidate` for every key under `prefix` (`''`: all). */
  invalidatePrefix(prefix: string): void {
    if (this.#flights.size === 0) return;
    for (const key of [...this.#flights.keys()]) if (key.startsWith(prefix)) this.#drop(key);
  }

  #drop(key: string): void {
    const flight = this.#flights.get(key);
    if (!flight) return;
    flight.stale = true;
    this.#flights.delete(key);
  }
}
