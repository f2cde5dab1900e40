// The messages a cluster primary and its worker processes exchange over the IPC channel.

import type { ServerConfig } from '../config/server-config.js';

/** Environment variable that carries a worker's ServerConfig (JSON) from the primary. */
export const WORKER_CONFIG_ENV = 'OPENDDB_WORKER_CONFIG';

/** Worker → primary. */
export type WorkerMessage =
  { readonly type: 'ready' } | { readonly type: 'failed'; readonly message: string };

/** Primary → worker: stop accepting, finish in-flight requests and jobs, close the store, exit. */
export interface DrainMessage {
  readonly type: 'drain';
}

/** Primary → worker, with an accepted socket as the message's handle: serve this connection. */
export interface ConnectionMessage {
  readonly type: 'connection';
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'failed';
}

export function isDrainMessage(value: unknown): value is DrainMessage {
  return (value as { type?: unknown } | null)?.type === 'drain';
}

export function isConnectionMessage(value: unknown): value is ConnectionMessage {
  return (value as { type?: unknown } | null)?.type === 'connection';
}

export function encodeWorkerConfig(config: ServerConfig): string {
  return JSON.stringify(config);
}

export function decodeWorkerConfig(text: string | undefined): ServerConfig {
  if (text === undefined) throw new Error(`${WORKER_CONFIG_ENV} is not set: not a worker process`);
  return JSON.parse(text) as ServerConfig;
}
