// The background work of one server process — jobs under their leases and the stored-trigger
// watcher — loaded after the server listens, so none of it delays the first answered request.

import type { ServerConfig } from './config/server-config.js';
import { BackgroundJobRunner } from './core/background-jobs.js';
import { serverJobs } from './core/jobs.js';
import type { StorageEngine } from './storage/engine.js';
import { watchStoredTriggers } from './triggers/stored-trigger-jobs.js';
import { triggerJob } from './triggers/trigger-job.js';
import type { TriggerMapping } from './triggers/trigger-mapping.js';

export interface BackgroundWork {
  /** Runs every job until none has work left (tests). */
  drain(): Promise<void>;
  /** Stops scheduling and waits for steps in progress. */
  stop(): Promise<void>;
}

export interface BackgroundWorkOptions {
  readonly store: StorageEngine;
  readonly config: ServerConfig;
  readonly now: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /** Mappings from the triggers file, read before the store opened. */
  readonly triggers: readonly TriggerMapping[];
}

export function startBackgroundWork(options: BackgroundWorkOptions): BackgroundWork {
  const { store, config, now, logError, triggers } = options;
  const jobs = new BackgroundJobRunner({ store, config, now, logError });
  for (const job of serverJobs()) jobs.register(job);
  for (const mapping of triggers) jobs.register(triggerJob(mapping));
  const storedTriggers = watchStoredTriggers(store, (job) => jobs.register(job), logError);
  jobs.start();
  storedTriggers.start();
  return {
    drain: () => storedTriggers.sync().then(() => jobs.drain()),
    stop: () => {
      storedTriggers.stop();
      return jobs.stop();
    },
  };
}
