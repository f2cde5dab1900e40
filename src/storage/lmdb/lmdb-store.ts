// A narrow, typed view of the lmdb-js calls the engine uses, and how our scan bounds map onto them.

import { createRequire } from 'node:module';
import type * as Lmdb from 'lmdb';
import type { Transaction } from 'lmdb';
import type { Bytes, ScanOptions } from '../engine.js';

// lmdb-js through its CommonJS build: one bundled file instead of its ~20 ES modules, which Node
// resolves and links one by one; loading it took ~36 ms that way and ~22 ms this way, all of it
// before a server on disk can answer (docs/performance.md, start-up).
const { open } = createRequire(import.meta.url)('lmdb') as typeof Lmdb;

export type { Transaction } from 'lmdb';

export interface LmdbRangeOptions {
  start?: Bytes;
  end?: Bytes;
  reverse?: boolean;
  exclusiveStart?: boolean;
  inclusiveEnd?: boolean;
  transaction?: Transaction;
}

/** lmdb-js with binary keys and values (no msgpack): bytes in, bytes out. */
export interface LmdbStore {
  /** A fresh copy of the value; reads the write transaction when called inside one. */
  getBinary(key: Bytes, options?: { transaction?: Transaction }): Bytes | undefined;
  /** A shared buffer, valid only until the next read: for comparing, never for keeping. */
  getBinaryFast(key: Bytes): Bytes | undefined;
  getRange(options: LmdbRangeOptions): Iterable<{ key: Bytes; value: Bytes }>;
  put(key: Bytes, value: Bytes): unknown;
  remove(key: Bytes): unknown;
  /** Queues `action` to run in the next batched (group-committed) write transaction. */
  transaction<T>(action: () => T): Promise<T>;
  /** Runs `action` in a write transaction and commits it; `flags` are lmdb-js's. */
  transactionSync<T>(action: () => T, flags?: number): T;
  useReadTransaction(): Transaction;
  /** Inside `transactionSync`: the id the write transaction will commit as. */
  getWriteTxnId(): number;
  /** `info().lastTxnId`: the newest committed transaction, from the meta pages themselves. */
  readonly env: { info(): { lastTxnId: number } };
  resetReadTxn(): void;
  readonly flushed: PromiseLike<unknown>;
  close(): Promise<void>;
}

/** The environment (one directory) and its two databases. */
export interface LmdbEnvironment {
  /** The engine's key space, and nothing else, so scans never meet bookkeeping records. */
  readonly data: LmdbStore;
  /** Records about the directory itself (the server lock). */
  readonly meta: LmdbStore;
  close(): Promise<void>;
}

interface LmdbRoot extends LmdbStore {
  openDB(options: { name: string; keyEncoding: 'binary'; encoding: 'binary' }): LmdbStore;
}

/** How every process opens an environment (stale-txn-id.ts opens one the same way). */
export const ENVIRONMENT_OPTIONS = {
  // A directory even when its name contains a dot (lmdb-js would otherwise make it a file).
  noSubdir: false,
  keyEncoding: 'binary',
  encoding: 'binary',
  // Commits are visible before their fsync ends, which then overlaps the next batch;
  // the engine waits for the flush before a write resolves. lmdb-js also turns on LMDB's
  // previous-snapshot open with it: after a reboot, an unsynced newest meta page is rolled back.
  overlappingSync: true,
  // Each in-flight transaction pins at most one snapshot; leave room for many workers.
  maxReaders: 1024,
} as const;

export function openLmdbEnvironment(path: string): LmdbEnvironment {
  const root = open({ path, ...ENVIRONMENT_OPTIONS }) as unknown as LmdbRoot;
  const binary = { keyEncoding: 'binary', encoding: 'binary' } as const;
  return {
    data: root.openDB({ name: 'data', ...binary }),
    meta: root.openDB({ name: 'meta', ...binary }),
    close: () => root.close(),
  };
}

/**
 * Our bounds are [start, end) in both directions; lmdb-js walks a reverse range from its
 * `start` (inclusive) down to its `end` (exclusive), so the flags swap which side is open.
 */
export function lmdbRange(options: ScanOptions, transaction?: Transaction): LmdbRangeOptions {
  const range: LmdbRangeOptions = {};
  const start = options.start !== undefined && options.start.length > 0 ? options.start : undefined;
  if (options.reverse === true) {
    range.reverse = true;
    range.exclusiveStart = true;
    range.inclusiveEnd = true;
    if (options.end !== undefined) range.start = options.end;
    if (start !== undefined) range.end = start;
  } else {
    if (start !== undefined) range.start = start;
    if (options.end !== undefined) range.end = options.end;
  }
  if (transaction !== undefined) range.transaction = transaction;
  return range;
}
