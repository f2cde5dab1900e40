// One server per data directory: a lock record in the store, and the errors the CLI reports.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { LmdbStore } from './lmdb-store.js';

/** Another live server process holds the data directory. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  constructor(
    readonly path: string,
    readonly ownerPid: number,
  ) {
    super(
      `data directory ${path} is in use by another OpenDDB server (pid ${ownerPid}); ` +
        'stop it first, or give this server another --data directory',
    );
  }
}

/** The data directory cannot be created or written. */
export class StoreUnwritableError extends Error {
  override readonly name = 'StoreUnwritableError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`data directory ${path} is not writable: ${describe(cause)}`, { cause });
  }
}

interface LockRecord {
  readonly pid: number;
  readonly host: string;
  /** Differs after a reboot, when every recorded pid is stale. */
  readonly bootId: string;
}

const encoder = new TextEncoder();
/** In the environment's `meta` database, outside the engine's key space. */
const LOCK_KEY = encoder.encode('server-lock');
const decoder = new TextDecoder();

/**
 * Records this process as the directory's server. LMDB itself lets many processes share the
 * files (the worker processes need that), so the lock is a record checked and written in one
 * LMDB write transaction: two servers starting together cannot both win. A record left by a
 * process that died (killed, crashed, rebooted) is taken over.
 */
export function acquireStoreLock(store: LmdbStore, path: string): void {
  const self = currentProcess();
  store.transactionSync(() => {
    const stored = store.getBinary(LOCK_KEY);
    const holder = stored === undefined ? undefined : parseLock(decoder.decode(stored));
    if (holder !== undefined && isAlive(holder, self)) throw new StoreLockedError(path, holder.pid);
    store.put(LOCK_KEY, encoder.encode(JSON.stringify(self)));
  });
}

/** Removes the record if it is still ours (a successor may have taken over a stale one). */
export function releaseStoreLock(store: LmdbStore): void {
  const self = currentProcess();
  store.transactionSync(() => {
    const stored = store.getBinary(LOCK_KEY);
    const holder = stored === undefined ? undefined : parseLock(decoder.decode(stored));
    if (holder?.pid === self.pid && holder.host === self.host) store.remove(LOCK_KEY);
  });
}

/** The lock record's copy outside the store: readable without opening the environment. */
const LOCK_FILE = 'server.lock';

/**
 * Refuses the directory while the server named in its lock file still runs, before the
 * environment is opened: an open by a process outside a running server's tree can disturb its
 * commits (stale-txn-id.ts, txn-id-watchdog.ts). Advisory: the record in the store decides.
 */
export function refuseIfLockFileHeld(path: string): void {
  let text: string;
  try {
    text = readFileSync(join(path, LOCK_FILE), 'utf8');
  } catch {
    return;
  }
  const holder = parseLock(text);
  if (holder !== undefined && isAlive(holder, currentProcess()))
    throw new StoreLockedError(path, holder.pid);
}

/** Written once the record in the store is ours. */
export function writeLockFile(path: string): void {
  writeFileSync(join(path, LOCK_FILE), JSON.stringify(currentProcess()));
}

/** Removed when the record in the store is released. */
export function removeLockFile(path: string): void {
  const self = currentProcess();
  try {
    const holder = parseLock(readFileSync(join(path, LOCK_FILE), 'utf8'));
    if (holder?.pid === self.pid && holder.host === self.host) rmSync(join(path, LOCK_FILE));
  } catch {
    // Already gone.
  }
}

function currentProcess(): LockRecord {
  return { pid: process.pid, host: hostname(), bootId: readBootId() };
}

/** Only a process on this machine, since its last boot, other than us, can still hold it. */
function isAlive(holder: LockRecord, self: LockRecord): boolean {
  if (holder.host !== self.host || holder.bootId !== self.bootId) return false;
  if (holder.pid === self.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseLock(text: string): LockRecord | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<LockRecord>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, bootId: String(parsed.bootId ?? '') };
  } catch {
    return undefined;
  }
}

function readBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return ''; // not Linux: rely on pid and host alone
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
