// Unsticks a commit that lmdb-js's LMDB would otherwise spin in forever after a foreign open.
//
// A process that opens the environment writes the transaction id it read from the meta pages into
// the shared lock file (see stale-txn-id.ts). When that lands just after another process's commit
// wrote its meta page, the committing thread — in overlapping-sync mode, before its fsync — loops
// until the lock file's id equals the newest meta page's (`mdb_txn_commit`), which no one will
// write again: the whole process hangs (seen in test/storage/lmdb.test.ts's foreign opens). From a
// thread of its own, since the main thread is the one stuck, this watchdog compares the two ids
// every 100 ms and, when the lock file's has stayed behind for three checks in a row (a commit
// moves it within microseconds), writes the newest meta page's id there, as an open would.

import { Worker } from 'node:worker_threads';

const CHECK_INTERVAL_MS = 100;
const CHECKS_BEFORE_REPAIR = 3;

/** Runs in the worker thread (CommonJS, from source: the bundle has no file for it). */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { directory, intervalMs, checksBeforeRepair } = workerData;
// MDB_txninfo: magic, format, then the newest transaction id.
const LOCK_TXN_ID_OFFSET = 8;
// MDB_meta: the transaction id after magic, version, address, map size, two MDB_db and last page.
const META_TXN_ID_OFFSET = 128;
const META_MAGIC = 0xbeefc0de;
let lockFd;
let dataFd;
let behind = 0;
const word = Buffer.alloc(8);
const head = Buffer.alloc(64);

function readTxnId(fd, offset) {
  return fs.readSync(fd, word, 0, 8, offset) === 8 ? word.readBigUInt64LE(0) : undefined;
}

/** The newest of the two alternating meta pages' transaction ids. */
function newestMetaTxnId() {
  if (fs.readSync(dataFd, head, 0, head.length, 0) !== head.length) return undefined;
  let base = 0;
  while (base + 4 <= head.length && head.readUInt32LE(base) !== META_MAGIC) base += 8;
  if (base + 28 > head.length) return undefined;
  const pageSize = head.readUInt32LE(base + 24);
  const first = readTxnId(dataFd, base + META_TXN_ID_OFFSET);
  const second = readTxnId(dataFd, pageSize + base + META_TXN_ID_OFFSET);
  if (first === undefined || second === undefined) return undefined;
  return first > second ? first : second;
}

function check() {
  try {
    lockFd ??= fs.openSync(path.join(directory, 'lock.mdb'), 'r+');
    dataFd ??= fs.openSync(path.join(directory, 'data.mdb'), 'r');
    const published = readTxnId(lockFd, LOCK_TXN_ID_OFFSET);
    const newest = newestMetaTxnId();
    if (published === undefined || newest === undefined || published >= newest) {
      behind = 0;
      return;
    }
    if (++behind < checksBeforeRepair) return;
    behind = 0;
    const value = Buffer.alloc(8);
    value.writeBigUInt64LE(newest, 0);
    fs.writeSync(lockFd, value, 0, 8, LOCK_TXN_ID_OFFSET);
    parentPort.postMessage({ repaired: { from: String(published), to: String(newest) } });
  } catch {
    // The environment is not there yet or is being removed: look again next time.
  }
}

const timer = setInterval(check, intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  for (const fd of [lockFd, dataFd]) if (fd !== undefined) fs.closeSync(fd);
  parentPort.close();
});
`;

export interface TxnIdWatchdog {
  /** Repairs made so far (each also reported to `onRepair`). */
  readonly repairs: number;
  stop(): Promise<void>;
}

/** Starts watching the environment in `directory`; `onRepair` hears of each repair. */
export function startTxnIdWatchdog(
  directory: string,
  onRepair: (from: string, to: string) => void = () => {},
): TxnIdWatchdog {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      directory,
      intervalMs: CHECK_INTERVAL_MS,
      checksBeforeRepair: CHECKS_BEFORE_REPAIR,
    },
  });
  // Never what keeps a process alive.
  worker.unref();
  let repairs = 0;
  worker.on('message', (message: { repaired?: { from: string; to: string } }) => {
    if (message.repaired === undefined) return;
    repairs++;
    onRepair(message.repaired.from, message.repaired.to);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    get repairs() {
      return repairs;
    },
    async stop() {
      // Referenced again, so the event loop waits for the worker to close its files and exit.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
