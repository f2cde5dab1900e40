// The storage contract: everything DynamoDB-specific lives above this small interface.
//
// Keys and values are bytes; keys are ordered by unsigned byte comparison. Every method is async
// so that a networked engine (PostgreSQL) fits without changing anything above it.
//
// Rules every engine holds callers to (the conformance suite in test/storage checks them):
// - a key is 1..MAX_KEY_BYTES bytes (key-limits.ts); `put` of any other key throws, and the
//   transaction then commits nothing. Getting or deleting such a key finds nothing.
// - bytes are handed over, not copied: never modify a key or value after passing it to `put`,
//   nor one returned by `get` or `scan`.
// - first byte 0x00 is storage/'s own (sequences, leases); core/keyspace.ts owns the rest.
// - do not call `write` from inside a write function (an engine may serialise writes).

export type Bytes = Uint8Array;

export interface ScanOptions {
  /** Inclusive lower bound (forward: where to start). */
  readonly start?: Bytes;
  /** Exclusive upper bound. */
  readonly end?: Bytes;
  /** Walk from `end` (exclusive) down to `start` (inclusive) instead. */
  readonly reverse?: boolean;
  readonly limit?: number;
}

export interface Entry {
  readonly key: Bytes;
  readonly value: Bytes;
}

/** A consistent snapshot: every read sees the store as of one moment. */
export interface ReadTransaction {
  get(key: Bytes): Promise<Bytes | undefined>;
  /**
   * Entries in key order (descending when `reverse`), within the bounds, at most `limit`.
   * In a write transaction it includes the transaction's writes made before `scan` was called.
   * Break out of the loop freely: the iterator's `return` releases what it holds.
   */
  scan(options: ScanOptions): AsyncIterable<Entry>;
}

/**
 * A serializable read-write transaction. Its reads see its own writes. Engines that detect
 * conflicts abort and re-run the whole function, so it must not have side effects outside `tx`.
 */
export interface WriteTransaction extends ReadTransaction {
  put(key: Bytes, value: Bytes): void;
  delete(key: Bytes): void;
  /**
   * Puts `value` at `keyPrefix ‖ n` (n: 8 bytes, unsigned big-endian), where n is the next value of
   * the sequence `sequenceName` (the one `nextSequenceValue` in sequence.ts also draws from),
   * assigned when the transaction commits, inside the engine's commit serialization. Several
   * calls in one transaction take consecutive values in call order.
   *
   * Unlike `nextSequenceValue` it reads nothing, so writers of one sequence never conflict (the
   * change log of a busy table). Guarantees: values are unique and increase in commit order, and
   * a snapshot that sees value n of a sequence sees every smaller value handed out this way —
   * a reader following a sequence never misses a value that commits later. The entry is not
   * visible to this transaction's own reads (its key is not known yet). A networked engine
   * implements it the same way: `UPDATE … RETURNING` on the counter row as the last statement
   * of the transaction, or a commit-time hook.
   */
  putWithSequence(keyPrefix: Bytes, sequenceName: string, value: Bytes): void;
}

export interface StorageEngine {
  /** Runs `fn` against a consistent snapshot. */
  read<T>(fn: (tx: ReadTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a serializable transaction and commits its writes atomically. When the promise
   * resolves the writes are durable (they survive kill -9 on a durable engine).
   * `fn` may be run more than once (conflict retry); only the last run's writes are committed.
   */
  write<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * How a process attaches to a store that other processes of its tree already serve
 * (src/cluster/). lmdb: an environment opened while another process commits can lose that commit
 * — the opener republishes the transaction id it read a moment earlier, and the next writer
 * builds on the snapshot before (docs/architecture.md) — so a process opens only while every
 * other one holds its commits.
 */
export interface StoreOpenGate {
  /** Resolves once no other process can commit; the store opens then. */
  enter(): Promise<void>;
  /**
   * The store is open, or failed to open: the others may commit again. `holdCommits` pauses this
   * process's own commits (queued writes wait) until the function it returns is called, so that
   * the next process can open in turn.
   */
  leave(holdCommits: () => () => void): void;
}
