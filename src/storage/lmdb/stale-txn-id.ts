// Defence against a lost commit when a process outside our tree opens the directory (a second
// server about to be refused, a tool): LMDB then may republish a transaction id one behind the
// newest meta page (docs/architecture.md), and a write transaction begun on it would build on the
// snapshot before and overwrite the newest commit. Our own processes never open that way
// (StoreOpenGate); this catches the others.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ENVIRONMENT_OPTIONS, type LmdbStore } from './lmdb-store.js';

/** Thrown inside a write transaction begun on a stale id, so that LMDB aborts it. */
export class StaleTxnIdError extends Error {
  override readonly name = 'StaleTxnIdError';
  constructor(writeTxnId: number, newestTxnId: number) {
    super(
      `lmdb write transaction ${writeTxnId} began on a stale transaction id ` +
        `(newest commit: ${newestTxnId}); another process opened the store during a commit`,
    );
  }
}

/** Inside a write transaction: throws StaleTxnIdError when it would not follow the newest commit. */
export function assertFollowsNewestCommit(store: LmdbStore): void {
  const writeTxnId = store.getWriteTxnId();
  const newestTxnId = store.env.info().lastTxnId;
  if (writeTxnId <= newestTxnId) throw new StaleTxnIdError(writeTxnId, newestTxnId);
}

/** How long the process that republishes the id may take before it is killed. */
const REPUBLISH_LIMIT_MS = 30_000;

// Opening the environment publishes the newest id: the step that went wrong, done again while no
// commit can interleave — every writer of ours refuses to commit on the stale id meanwhile.
const REPUBLISH_SCRIPT = `
const { open } = require(process.argv[1]);
const root = open({ path: process.argv[2], ...JSON.parse(process.argv[3]) });
root.close().then(() => process.exit(0), () => process.exit(1));
`;

/** Publishes the newest transaction id of the environment at `path` again, from a new process. */
export function republishNewestTxnId(path: string): Promise<void> {
  const lmdbEntry = createRequire(import.meta.url).resolve('lmdb');
  return new Promise<void>((resolve, reject) => {
    const options = JSON.stringify(ENVIRONMENT_OPTIONS);
    const child = spawn(process.execPath, ['-e', REPUBLISH_SCRIPT, lmdbEntry, path, options], {
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), REPUBLISH_LIMIT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`republishing the lmdb transaction id failed (${signal ?? code})`));
    });
  });
}
