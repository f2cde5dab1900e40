// How many serving processes `openddb serve` runs: --workers / OPENDDB_WORKERS, default the cores.

import { availableParallelism } from 'node:os';
import { ConfigError } from './resolve-config.js';

export interface WorkerCount {
  readonly workers: number;
  /** Why the count differs from what was asked, for the user (e.g. in-memory forces one). */
  readonly note?: string;
}

/** The flag wins over the environment; `inMemory` forces one process. */
export function resolveWorkerCount(
  flag: string | undefined,
  env: string | undefined,
  inMemory: boolean,
  cores: number = availableParallelism(),
): WorkerCount {
  const text = flag ?? (env === '' ? undefined : env);
  const asked = text === undefined ? undefined : parseWorkers(text);
  if (inMemory) {
    // Each process would have its own memory store: workers could not see each other's writes.
    const note =
      asked !== undefined && asked > 1
        ? `--in-memory runs 1 worker, not ${asked}: a memory store cannot be shared between processes`
        : undefined;
    return note === undefined ? { workers: 1 } : { workers: 1, note };
  }
  return { workers: asked ?? Math.max(1, cores) };
}

function parseWorkers(text: string): number {
  const count = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(count >= 1 && count <= 1024)) {
    throw new ConfigError(`invalid worker count '${text}': expected an integer from 1 to 1024`);
  }
  return count;
}
