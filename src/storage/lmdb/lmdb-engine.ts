// The embedded, durable engine: LMDB files in a directory, shared safely by many processes.

import { mkdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { ReadTransaction, StorageEngine, StoreOpenGate, WriteTransaction } from '../engine.js';
import { LmdbSnapshot } from './lmdb-snapshot.js';
import { type LmdbEnvironment, type LmdbStore, openLmdbEnvironment } from './lmdb-store.js';
import { LmdbReadTransaction, OptimisticTransaction } from './lmdb-transactions.js';
import {
  StaleTxnIdError,
  assertFollowsNewestCommit,
  republishNewestTxnId,
} from './stale-txn-id.js';
import {
  StoreUnwritableError,
  acquireStoreLock,
  refuseIfLockFileHeld,
  releaseStoreLock,
  removeLockFile,
  writeLockFile,
} from './store-lock.js';
import { type TxnIdWatchdog, startTxnIdWatchdog } from './txn-id-watchdog.js';

export { StoreLockedError, StoreUnwritableError } from './store-lock.js';

export interface LmdbEngineOptions {
  /** The data directory; created when missing. */
  readonly path: string;
  /**
   * Take the one-server-per-directory lock (default). The primary process does; its worker
   * processes, which share the directory by design, pass false.
   */
  readonly lock?: boolean;
  /**
   * Set in every process of a tree that shares the directory: the environment opens only inside
   * it, and it receives this process's commit hold (see `StoreOpenGate`).
   */
  readonly gate?: StoreOpenGate;
}

/** After this many conflicting runs of one write() function, give up. */
const MAX_ATTEMPTS = 64;

export async function openLmdbEngine(options: LmdbEngineOptions): Promise<StorageEngine> {
  const { gate } = options;
  if (gate === undefined) return openEngine(options);
  await gate.enter();
  let holdCommits = () => () => {};
  try {
    const engine = await openEngine(options);
    holdCommits = () => engine.holdCommits();
    return engine;
  } finally {
    gate.leave(holdCommits);
  }
}

async function openEngine(options: LmdbEngineOptions): Promise<LmdbEngine> {
  if (options.lock !== false) refuseIfLockFileHeld(options.path);
  const environment = openWritable(options.path);
  if (options.lock !== false) {
    try {
      acquireStoreLock(environment.meta, options.path);
      writeLockFile(options.path);
    } catch (error) {
      await environment.close();
      throw error;
    }
  }
  return new LmdbEngine(environment, options.path, options.lock !== false);
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
 * Group commit: every transaction that finished its function in one turn of the event loop shares
 * one LMDB write transaction and one fsync (see `GroupCommit`).
 */
class LmdbEngine implements StorageEngine {
  private closed = false;
  /** read()/write() calls not yet settled; close() waits for them (a counter: no per-call set). */
  private inFlight = 0;
  private onIdle: (() => void) | undefined;
  /** Write functions that already lost a conflict run one at a time, so they stop colliding. */
  private retryQueue: Promise<unknown> = Promise.resolve();

  private readonly store: LmdbStore;
  private readonly commits: GroupCommit;
  /**
   * One per tree, in the process holding the directory's lock (the lock file is shared), started
   * before the tree's first commit after opening — this process's own, or a worker's, which opens
   * only through holdCommits() — rather than at open: a thread's start-up would delay the first
   * answer (docs/performance.md, start-up).
   */
  private watchdog: TxnIdWatchdog | undefined;

  constructor(
    private readonly environment: LmdbEnvironment,
    private readonly path: string,
    private readonly locked: boolean,
  ) {
    this.store = environment.data;
    this.commits = new GroupCommit(this.store, path);
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

  /** Holds every commit of this process until the returned function is called (see gate). */
  holdCommits(): () => void {
    this.startWatchdog();
    return this.commits.hold();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
    // Releasing the lock is a commit too: not while another process opens the directory.
    await this.commits.unheld();
    if (this.locked) {
      releaseStoreLock(this.environment.meta);
      removeLockFile(this.path);
    }
    await this.watchdog?.stop();
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
    this.startWatchdog();
    const committed = await this.commits.commit(tx);
    return committed ? { committed: true, result } : { committed: false };
  }

  private startWatchdog(): void {
    if (this.locked && !this.closed) this.watchdog ??= startTxnIdWatchdog(this.path);
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.retryQueue.then(run);
    this.retryQueue = result.catch(() => undefined);
    return result;
  }

  /** Counts the call in flight until it settles, so close() can wait for every one. */
  private async track<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('storage engine is closed');
    this.inFlight++;
    try {
      return await run();
    } finally {
      if (--this.inFlight === 0) this.onIdle?.();
    }
  }
}

/**
 * Commits, in one synchronous LMDB write transaction per turn of the event loop, every optimistic
 * transaction queued during that turn: each validates its reads against the store as left by the
 * ones before it, then applies its writes. A commit resolves true once it is on disk (the fsync
 * overlaps other processes' next batch: lmdb-js `overlappingSync`), false at once when its reads
 * had changed.
 * Measured against lmdb-js's own batched `transaction(callback)`, which hands each batch between its
 * write thread and the main thread several times: one write in flight went from ~1.1k to ~3k
 * commits/s, and CPU per write fell by a quarter at 32 in flight (docs/performance.md).
 */
class GroupCommit {
  private queue: { tx: OptimisticTransaction; settle: (outcome: Promise<boolean>) => void }[] = [];
  private scheduled = false;
  /** Outstanding holds (see `StoreOpenGate`): no batch starts while there is one. */
  private holds = 0;
  private onUnheld: (() => void)[] = [];
  /** Stale-id repairs since the last batch that committed (see stale-txn-id.ts). */
  private repairs = 0;

  constructor(
    private readonly store: LmdbStore,
    private readonly path: string,
  ) {}

  commit(tx: OptimisticTransaction): Promise<boolean> {
    const outcome = new Promise<boolean>((resolve) => this.queue.push({ tx, settle: resolve }));
    this.schedule();
    return outcome;
  }

  /**
   * Stops batches from starting until the returned function is called. A batch runs
   * synchronously, so none is half done when this returns.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds > 0) return;
      for (const resolve of this.onUnheld.splice(0)) resolve();
      this.schedule();
    };
  }

  /** Resolves when no hold is outstanding. */
  unheld(): Promise<void> {
    if (this.holds === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.onUnheld.push(resolve));
  }

  /** Holds the batches while the newest transaction id is published again; they then retry. */
  private repair(): void {
    this.repairs++;
    const release = this.hold();
    // A failed repair shows as the next attempt's StaleTxnIdError, and then as the batch's error.
    republishNewestTxnId(this.path).then(release, release);
  }

  private schedule(): void {
    if (this.scheduled || this.holds > 0 || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.holds === 0) this.commitQueued();
    });
  }

  private commitQueued(): void {
    const batch = this.queue;
    this.queue = [];
    let outcomes: boolean[];
    try {
      outcomes = this.store.transactionSync(() => {
        assertFollowsNewestCommit(this.store);
        return batch.map(({ tx }) => tx.commitIn(this.store));
      }, OVERLAPPING_SYNC_COMMIT);
    } catch (error) {
      // Nothing of the batch was written (LMDB aborted the transaction).
      if (error instanceof StaleTxnIdError && this.repairs < MAX_REPAIRS) {
        this.queue = [...batch, ...this.queue];
        this.repair();
        return;
      }
      // The next batch gets its own repairs.
      this.repairs = 0;
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const { settle } of batch) settle(Promise.reject(failure));
      return;
    }
    this.repairs = 0;
    const flushed = Promise.resolve(this.store.flushed).then(() => true);
    batch.forEach(({ settle }, i) =>
      settle(outcomes[i] === true ? flushed : Promise.resolve(false)),
    );
  }
}

/** Stale-id repairs in a row before a batch fails instead (each takes a process start). */
const MAX_REPAIRS = 3;

/**
 * lmdb-js's transaction flags for its own durable writes under `overlappingSync` (MDB_NOSYNC |
 * synchronous commit): the commit releases LMDB's write lock before its fsync, so another
 * process writes its next batch while this one syncs, and one fsync can cover both; the call
 * still returns once its own batch is on disk. Measured against the default flags (fsync under
 * the lock): PutItem of new keys at 32 in flight, 2 processes, ~7.5k → ~8.3k/s.
 */
const OVERLAPPING_SYNC_COMMIT = 0x10002;

type Attempt<T> = { committed: true; result: T } | { committed: false };
