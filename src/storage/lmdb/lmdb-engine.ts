// The embedded, durable engine: LMDB files in a directory, shared safely by many processes.

import { mkdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { ReadTransaction, StorageEngine, WriteTransaction } from '../engine.js';
import { LmdbSnapshot } from './lmdb-snapshot.js';
import { type LmdbEnvironment, type LmdbStore, openLmdbEnvironment } from './lmdb-store.js';
import { LmdbReadTransaction, OptimisticTransaction } from './lmdb-transactions.js';
import { StoreUnwritableError, acquireStoreLock, releaseStoreLock } from './store-lock.js';

export { StoreLockedError, StoreUnwritableError } from './store-lock.js';

export interface LmdbEngineOptions {
  /** The data directory; created when missing. */
  readonly path: string;
  /**
   * Take the one-server-per-directory lock (default). The primary process does; its worker
   * processes, which share the directory by design, pass false.
   */
  readonly lock?: boolean;
}

/** After this many conflicting runs of one write() function, give up. */
const MAX_ATTEMPTS = 64;

export async function openLmdbEngine(options: LmdbEngineOptions): Promise<StorageEngine> {
  const environment = openWritable(options.path);
  if (options.lock !== false) {
    try {
      acquireStoreLock(environment.meta, options.path);
    } catch (error) {
      await environment.close();
      throw error;
    }
  }
  return new LmdbEngine(environment, options.lock !== false);
}

function openWritable(path: string): LmdbEnvironment {
  try {
    mkdirSync(path, { recursive: true });
    return openLmdbEnvironment(path);
  } catch (error) {
    throw new StoreUnwritableError(path, error);
  }
}

/**
 * Serializable across processes by optimistic concurrency: a write() function runs against a
 * snapshot while its reads and writes are recorded; its commit is queued into lmdb-js's next
 * batched write transaction, which re-checks the reads under LMDB's cross-process write lock
 * and applies the writes only if nothing read has changed — otherwise the function runs again.
 * Batching is the group commit: every transaction queued meanwhile shares one commit and fsync.
 */
class LmdbEngine implements StorageEngine {
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Write functions that already lost a conflict run one at a time, so they stop colliding. */
  private retryQueue: Promise<unknown> = Promise.resolve();

  private readonly store: LmdbStore;

  constructor(
    private readonly environment: LmdbEnvironment,
    private readonly locked: boolean,
  ) {
    this.store = environment.data;
  }

  read<T>(fn: (tx: ReadTransaction) => Promise<T>): Promise<T> {
    return this.track(async () => {
      const tx = new LmdbReadTransaction(new LmdbSnapshot(this.store));
      try {
        return await fn(tx);
      } finally {
        tx.finish();
      }
    });
  }

  write<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.track(async () => {
      const first = await this.attempt(fn);
      if (first.committed) return first.result;
      return this.serialized(() => this.retry(fn));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    if (this.locked) releaseStoreLock(this.environment.meta);
    await this.environment.close();
  }

  private async retry<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      const outcome = await this.attempt(fn);
      if (outcome.committed) return outcome.result;
      // Another process keeps winning: back off a little, randomly, so the two stop colliding.
      await delay(Math.random() * Math.min(attempt, 10));
    }
    throw new Error(`write transaction still conflicted after ${MAX_ATTEMPTS} attempts`);
  }

  private async attempt<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<Attempt<T>> {
    const tx = new OptimisticTransaction(new LmdbSnapshot(this.store));
    let result: T;
    try {
      result = await fn(tx);
    } finally {
      tx.finish();
    }
    // Read-only: the snapshot was current when fn started and every commit validates against
    // the store as of its own commit, so the reads are already a serializable (and
    // linearizable) view. Nothing to validate, nothing to sync.
    if (!tx.hasWrites) return { committed: true, result };
    const committed = await this.store.transaction(() => tx.commitIn(this.store));
    if (!committed) return { committed: false };
    // overlappingSync: the commit is visible now; it is durable once flushed to disk.
    await this.store.flushed;
    return { committed: true, result };
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.retryQueue.then(run);
    this.retryQueue = result.catch(() => undefined);
    return result;
  }

  private track<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('storage engine is closed'));
    const promise = run();
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }
}

type Attempt<T> = { committed: true; result: T } | { committed: false };
