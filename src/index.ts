// OpenDDB's programmatic entry point: open a store, serve the DynamoDB API on it, close both.

import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_CONFIG, type ServerConfig } from './config/server-config.js';
import { createLogger } from './protocol/logger.js';
import { createHttpServer } from './protocol/http-server.js';
import { endpointUrl, listen } from './protocol/listen.js';
import type { StorageEngine, StoreOpenGate } from './storage/engine.js';
import { openMemoryEngine } from './storage/memory/memory-engine.js';
import type { TriggerMapping } from './triggers/trigger-mapping.js';

export type { LogLevel, ServerConfig } from './config/server-config.js';
export { DEFAULT_CONFIG } from './config/server-config.js';
export type { StorageEngine } from './storage/engine.js';
export { DynamoDbError, type ErrorType } from './errors/dynamodb-error.js';

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000`, what an SDK client takes as `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  readonly config: ServerConfig;
  /**
   * Serves a connection accepted elsewhere: a cluster primary shares its listener's connections
   * with its workers (src/cluster/). With `listen: false` this is the only way requests arrive.
   */
  acceptConnection(socket: Socket): void;
  /** Stops accepting, waits for in-flight requests and background jobs, then closes the store. */
  close(): Promise<void>;
  /** Runs every background job (TTL, backfill, …) until none has work left: for tests. */
  drainBackgroundJobs(): Promise<void>;
}

/** Server settings, plus what tests inject. */
export interface StartOptions extends Partial<ServerConfig> {
  /** The clock (epoch milliseconds) every operation and background job uses. */
  readonly now?: () => number;
  /**
   * Take the data directory's one-server lock (default true). Worker processes pass false: their
   * primary holds the lock for the whole process tree (src/cluster/).
   */
  readonly storeLock?: boolean;
  /**
   * Listen on `port` (default true). Cluster processes pass false: the primary owns the listening
   * socket and hands connections over through `acceptConnection`; `port` is then reported as given.
   */
  readonly listen?: boolean;
  /**
   * Set by every process of a `serve --workers` tree: the on-disk store opens only through it,
   * while the tree's other processes hold their commits (see `StoreOpenGate`).
   */
  readonly storeGate?: StoreOpenGate;
  /** Called once, after the first answer has been handed to its socket (see src/cluster/). */
  readonly onFirstAnswer?: () => void;
}

/** Starts a server; `port: 0` picks a free port. Rejects (with the store closed) if listen fails. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const {
    now = Date.now,
    storeLock = true,
    listen: listening = true,
    storeGate,
    onFirstAnswer,
    ...settings
  } = options;
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...settings };
  // Read before the store opens, so a bad triggers file fails start-up with nothing to close.
  const triggers = await readTriggersFile(config.triggersFile);
  const store = await openStore(config, storeLock, storeGate);
  const logger = createLogger(config.logLevel);
  const http = createHttpServer({
    config,
    store,
    logger,
    now,
    ...(onFirstAnswer === undefined ? {} : { onFirstAnswer }),
  });
  const logError = (message: string, error: unknown): void =>
    logger.log('error', `${message}: ${error instanceof Error ? error.stack : String(error)}`);
  if (listening) {
    try {
      await listen(http.server, config.port, config.host);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  // Background work loads after listen: it is not needed to answer the first request.
  const { startBackgroundWork } = await import('./server-background.js');
  const background = startBackgroundWork({ store, config, now, logError, triggers });
  const port = listening ? (http.server.address() as AddressInfo).port : config.port;
  let closing: Promise<void> | undefined;
  return {
    endpoint: endpointUrl(config.host, port),
    port,
    config: { ...config, port },
    acceptConnection: (socket) => {
      // A socket from another process (or a paused listener) is handed over unread.
      socket.allowHalfOpen = true;
      http.accept(socket);
      socket.resume();
    },
    close: () =>
      (closing ??= http
        .close()
        .then(() => background.stop())
        .then(() => store.close())),
    drainBackgroundJobs: () => background.drain(),
  };
}

async function readTriggersFile(path: string | undefined): Promise<TriggerMapping[]> {
  if (path === undefined) return [];
  const { loadTriggerMappings } = await import('./triggers/trigger-mapping.js');
  return loadTriggerMappings(path);
}

async function openStore(
  config: ServerConfig,
  lock: boolean,
  gate: StoreOpenGate | undefined,
): Promise<StorageEngine> {
  if (config.inMemory) return openMemoryEngine();
  // Loaded on demand so in-memory servers never load lmdb's native module.
  const { openLmdbEngine } = await import('./storage/lmdb/lmdb-engine.js');
  return openLmdbEngine({ path: config.dataDir, lock, ...(gate === undefined ? {} : { gate }) });
}
