// The messages a cluster primary and its worker processes exchange over the IPC channel.

import type { ServerConfig } from '../config/server-config.js';

/** Environment variable that carries a worker's ServerConfig (JSON) from the primary. */
export const WORKER_CONFIG_ENV = 'OPENDDB_WORKER_CONFIG';

/**
 * Worker → primary. `open-request`: may this worker open the store now? `opened`: it has (or
 * failed to), the others may commit again. `commits-held`: it holds its commits, as asked.
 */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'open-request' }
  | { readonly type: 'opened' }
  | { readonly type: 'commits-held' };

/**
 * Primary → worker, for opening the shared store one process at a time (StoreOpenGate):
 * `open-granted` answers `open-request`; `hold-commits` asks for `commits-held`, and
 * `release-commits` ends the hold.
 */
export interface StoreGateMessage {
  readonly type: 'open-granted' | 'hold-commits' | 'release-commits';
}

/** Primary → worker: stop accepting, finish in-flight requests and jobs, close the store, exit. */
export interface DrainMessage {
  readonly type: 'drain';
}

/** Primary → worker, with an accepted socket as the message's handle: serve this connection. */
export interface ConnectionMessage {
  readonly type: 'connection';
}

const WORKER_MESSAGE_TYPES: ReadonlySet<unknown> = new Set([
  'ready',
  'failed',
  'open-request',
  'opened',
  'commits-held',
]);
const STORE_GATE_MESSAGE_TYPES: ReadonlySet<unknown> = new Set([
  'open-granted',
  'hold-commits',
  'release-commits',
]);

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return WORKER_MESSAGE_TYPES.has((value as { type?: unknown } | null)?.type);
}

export function isStoreGateMessage(value: unknown): value is StoreGateMessage {
  return STORE_GATE_MESSAGE_TYPES.has((value as { type?: unknown } | null)?.type);
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
