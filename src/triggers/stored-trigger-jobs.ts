// Runs a background job for every mapping stored through the admin API, in every process: each
// process registers the job (so another takes over when one dies) and the lease picks who runs it.

import type { BackgroundJob } from '../core/background-jobs.js';
import type { StorageEngine } from '../storage/engine.js';
import { loadStoredMapping, storedMappingIds } from './stored-mappings.js';
import { loadedTriggerJob } from './trigger-job.js';

/** How often a process looks for mappings another process created. */
const POLL_INTERVAL_MS = 1000;

export interface StoredTriggerWatcher {
  /** Registers jobs for mappings not seen yet; resolves once they are registered. */
  sync(): Promise<void>;
  start(): void;
  stop(): void;
}

export function watchStoredTriggers(
  store: StorageEngine,
  register: (job: BackgroundJob) => void,
  logError: (message: string, error: unknown) => void,
): StoredTriggerWatcher {
  const known = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let syncing: Promise<void> = Promise.resolve();
  const syncOnce = async (): Promise<void> => {
    for (const uuid of await storedMappingIds(store)) {
      if (known.has(uuid)) continue;
      known.add(uuid);
      // A deleted mapping's job stays registered but idle: its loader answers undefined.
      register(
        loadedTriggerJob(`trigger:${uuid}`, (context) => loadStoredMapping(context.store, uuid)),
      );
    }
  };
  const sync = (): Promise<void> => (syncing = syncing.then(syncOnce, syncOnce));
  const tick = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      sync().then(tick, (error: unknown) => {
        logError('reading stored trigger mappings failed', error);
        tick();
      });
    }, POLL_INTERVAL_MS);
    timer.unref();
  };
  return {
    sync,
    start: () => {
      void sync().catch((error: unknown) =>
        logError('reading stored trigger mappings failed', error),
      );
      tick();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
