// The cluster primary: holds the data directory, runs N HTTP workers on one port, restarts the ones
// that die, and drains them all on shutdown (DESIGN.md: "a primary and N HTTP workers").

import cluster, { type Worker } from 'node:cluster';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../config/server-config.js';
import { WORKER_CONFIG_ENV, encodeWorkerConfig, isWorkerMessage } from './messages.js';

export interface ClusterOptions {
  readonly config: ServerConfig;
  readonly workers: number;
  /** Resolves when the tree should shut down (SIGINT/SIGTERM). */
  readonly stopSignal: Promise<unknown>;
  /** Called once every worker listens, with the shared endpoint. */
  readonly onListening: (endpoint: string) => void;
  /** A worker that dies while serving is reported here, then restarted. */
  readonly onWorkerDeath: (message: string) => void;
}

/** A startup failure, with the error code (EADDRINUSE, …) the CLI turns into a sentence. */
export class ClusterStartError extends Error {
  override readonly name = 'ClusterStartError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** How long draining workers get before they are killed. */
const DRAIN_LIMIT_MS = 30_000;
/** A worker that dies sooner than this after starting is restarted only after this delay. */
const RESTART_BACKOFF_MS = 1_000;

/**
 * Runs the tree until `stopSignal`, then drains it. Rejects with ClusterStartError (or the store's
 * own error) when the tree cannot start; then nothing is left running.
 */
export async function runCluster(options: ClusterOptions): Promise<void> {
  const { config } = options;
  const tree = new WorkerTree(options);
  // Workers boot while the primary takes the one-server lock for the whole tree (they open the
  // store with lock: false), so the two overlap at start-up. If the lock is refused, the workers are
  // drained before anything is reported; LMDB and our optimistic transactions keep the data
  // consistent even for a request one of them might answer in that instant.
  const started = tree.start();
  let store;
  try {
    // Loaded after forking: lmdb's native module is not on the workers' critical path.
    const { openLmdbEngine } = await import('../storage/lmdb/lmdb-engine.js');
    store = await openLmdbEngine({ path: config.dataDir });
  } catch (error) {
    started.catch(() => {});
    await tree.drain();
    throw error;
  }
  try {
    const endpoint = await Promise.race([started, options.stopSignal.then(() => undefined)]);
    if (endpoint !== undefined) {
      options.onListening(endpoint);
      await options.stopSignal;
    }
  } finally {
    await tree.drain();
    await store.close();
  }
}

class WorkerTree {
  private readonly workers = new Set<Worker>();
  /** Workers that said ready: only they listen for messages (one still loading would miss it). */
  private readonly ready = new Set<Worker>();
  private stopping = false;

  constructor(private readonly options: ClusterOptions) {
    const here = fileURLToPath(import.meta.url);
    // Built code runs worker-main.js; under tsx (tests) it is worker-main.ts.
    cluster.setupPrimary({
      exec: fileURLToPath(new URL(`./worker-main${extname(here)}`, import.meta.url)),
    });
  }

  /** Forks every worker; resolves with the endpoint when all listen, rejects on the first failure. */
  start(): Promise<string> {
    const ready = Array.from({ length: this.options.workers }, () => this.fork());
    return Promise.all(ready).then((endpoints) => endpoints[0]!);
  }

  /** Asks every worker to drain and waits for all of them (bounded), killing stragglers. */
  async drain(): Promise<void> {
    this.stopping = true;
    const exits = [...this.workers].map((worker) => {
      const exited = new Promise<void>((resolve) => {
        if (worker.isDead()) resolve();
        else worker.once('exit', () => resolve());
      });
      if (this.ready.has(worker)) this.sendDrain(worker);
      const timer = setTimeout(() => worker.process.kill('SIGKILL'), DRAIN_LIMIT_MS);
      return exited.finally(() => clearTimeout(timer));
    });
    await Promise.all(exits);
  }

  private fork(): Promise<string> {
    const startedAt = Date.now();
    const worker = cluster.fork({ [WORKER_CONFIG_ENV]: encodeWorkerConfig(this.options.config) });
    this.workers.add(worker);
    return new Promise<string>((resolve, reject) => {
      let listening = false;
      worker.on('message', (message: unknown) => {
        if (!isWorkerMessage(message)) return;
        if (message.type === 'ready') {
          listening = true;
          this.ready.add(worker);
          // Asked to stop while it was starting: it drains as soon as it can hear us.
          if (this.stopping) this.sendDrain(worker);
          resolve(message.endpoint);
        } else {
          reject(new ClusterStartError(message.message, message.code));
        }
      });
      worker.once('exit', (code, signal) => {
        this.workers.delete(worker);
        this.ready.delete(worker);
        if (!listening) {
          reject(new ClusterStartError(`a worker exited during startup (${code ?? signal})`));
          return;
        }
        if (this.stopping) return;
        this.options.onWorkerDeath(
          `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); restarting it`,
        );
        const delayMs = Date.now() - startedAt < RESTART_BACKOFF_MS ? RESTART_BACKOFF_MS : 0;
        setTimeout(() => this.restart(), delayMs).unref();
      });
    });
  }

  private sendDrain(worker: Worker): void {
    if (worker.isConnected()) worker.send({ type: 'drain' });
  }

  private restart(): void {
    if (this.stopping) return;
    this.fork().catch((error: unknown) => {
      this.options.onWorkerDeath(`a restarted worker failed, retrying: ${String(error)}`);
      setTimeout(() => this.restart(), RESTART_BACKOFF_MS).unref();
    });
  }
}
