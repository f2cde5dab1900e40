// The cluster primary: a full server (the data directory's lock, the store, background work) that
// also serves, forks N-1 more HTTP workers, shares incoming connections with them round-robin,
// restarts the ones that die, and drains them all on shutdown (DESIGN.md: "a primary and N HTTP
// workers"). Serving from the primary means the first request is answered as soon as one process
// is up (start-up is a single process's), and N cores need N processes, not N + 1.

import { type ChildProcess, fork } from 'node:child_process';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../config/server-config.js';
import type { RunningServer } from '../index.js';
import { endpointUrl, listen } from '../protocol/listen.js';
import type { StoreOpenGate } from '../storage/engine.js';
import {
  WORKER_CONFIG_ENV,
  encodeWorkerConfig,
  isWorkerMessage,
  type ConnectionMessage,
  type StoreGateMessage,
  type WorkerMessage,
} from './messages.js';

export interface ClusterOptions {
  readonly config: ServerConfig;
  /** Serving processes in all, the primary included. */
  readonly workers: number;
  /** Resolves when the tree should shut down (SIGINT/SIGTERM). */
  readonly stopSignal: Promise<unknown>;
  /** Called once the primary listens, with the endpoint. */
  readonly onListening: (endpoint: string) => void;
  /** A worker that dies (or fails to start) is reported here, then restarted. */
  readonly onWorkerDeath: (message: string) => void;
}

/** How long draining workers get before they are killed. */
const DRAIN_LIMIT_MS = 30_000;
/**
 * How long a worker gets to hold its commits, or to open the store once granted, before it is
 * killed: a worker that does not answer may still commit, and a store opening then can lose it.
 */
const STORE_GATE_LIMIT_MS = 30_000;
/**
 * Workers are forked once the primary has answered its first request, or this long after it
 * listens if no request comes: their start-up would compete with the first answer for the cores.
 */
const WORKER_FORK_DELAY_MS = 250;
/** A worker that dies sooner than this after starting is restarted only after this delay. */
const RESTART_BACKOFF_MS = 1_000;

/**
 * Runs the tree until `stopSignal`, then drains it. Rejects with the server's own error (port in
 * use, directory locked, …) when the primary cannot start; then nothing is left running.
 */
export async function runCluster(options: ClusterOptions): Promise<void> {
  const { config } = options;
  const { startServer } = await import('../index.js');
  // The primary opens the store first, alone; it holds its commits while each worker opens.
  let holdCommits = (): (() => void) => () => {};
  const storeGate: StoreOpenGate = {
    enter: () => Promise.resolve(),
    leave: (hold) => (holdCommits = hold),
  };
  const workers = new WorkerTree(options, () => holdCommits());
  const forkWorkers = (): void => workers.start(options.workers - 1);
  const server = await startServer({
    ...config,
    listen: false,
    storeGate,
    onFirstAnswer: forkWorkers,
  });
  const balancer = new ConnectionBalancer(server, workers);
  // Paused until routed: the process that takes a connection reads it from its first byte.
  const listener = createServer({ pauseOnConnect: true }, (socket) => balancer.route(socket));
  try {
    await listen(listener, config.port, config.host);
  } catch (error) {
    await server.close();
    throw error;
  }
  const forkTimer = setTimeout(forkWorkers, WORKER_FORK_DELAY_MS);
  try {
    options.onListening(endpointUrl(config.host, (listener.address() as AddressInfo).port));
    await options.stopSignal;
  } finally {
    // Stop accepting, without waiting for close()'s callback: it fires only once every connection
    // this listener accepted has ended, and the servers below are what end them.
    listener.close();
    clearTimeout(forkTimer);
    await Promise.all([workers.drain(), server.close()]);
  }
}

/** Hands each new connection to the next serving process in turn, the primary among them. */
class ConnectionBalancer {
  private next = 0;

  constructor(
    private readonly server: RunningServer,
    private readonly workers: WorkerTree,
  ) {}

  route(socket: Socket): void {
    const serving = this.workers.serving();
    const turn = this.next++ % (serving.length + 1);
    const worker = serving[turn - 1];
    if (worker === undefined) {
      this.server.acceptConnection(socket);
      return;
    }
    const message: ConnectionMessage = { type: 'connection' };
    // On success the handle moves to the worker and is closed here; on failure (the worker just
    // died) it is still ours, so serve it here rather than drop it.
    worker.send(message, socket, { keepOpen: false }, (error) => {
      if (error !== null) this.server.acceptConnection(socket);
    });
  }
}

class WorkerTree {
  private readonly workers = new Set<ChildProcess>();
  /** Workers that said ready and are not draining: only they are given connections. */
  private readonly ready: ChildProcess[] = [];
  /** Workers whose store is open: they commit, so they hold while another worker opens. */
  private readonly attached = new Set<ChildProcess>();
  /** Store openings, one at a time, in request order. */
  private admissions: Promise<void> = Promise.resolve();
  private stopping = false;
  private started = false;
  private readonly entry: string;

  constructor(
    private readonly options: ClusterOptions,
    /** Holds the primary's own commits (see `StoreOpenGate`). */
    private readonly holdOwnCommits: () => () => void,
  ) {
    const here = fileURLToPath(import.meta.url);
    // Built code (dist/bundle/main.code.js) forks the launcher worker-main.js; under tsx (tests)
    // it is worker-main.ts.
    this.entry = fileURLToPath(new URL(`./worker-main${extname(here)}`, import.meta.url));
  }

  serving(): readonly ChildProcess[] {
    return this.ready;
  }

  /** Forks `count` workers, once: later calls (and calls once stopping) do nothing. */
  start(count: number): void {
    if (this.started || this.stopping) return;
    this.started = true;
    for (let i = 0; i < count; i++) this.fork();
  }

  /** Asks every worker to drain and waits for all of them (bounded), killing stragglers. */
  async drain(): Promise<void> {
    this.stopping = true;
    this.ready.length = 0;
    const exits = [...this.workers].map((worker) => {
      const exited = new Promise<void>((resolve) => {
        if (worker.exitCode !== null || worker.signalCode !== null) resolve();
        else worker.once('exit', () => resolve());
      });
      this.sendDrain(worker);
      const timer = setTimeout(() => worker.kill('SIGKILL'), DRAIN_LIMIT_MS);
      return exited.finally(() => clearTimeout(timer));
    });
    await Promise.all(exits);
  }

  private fork(): void {
    const startedAt = Date.now();
    const worker = fork(this.entry, [], {
      env: { ...process.env, [WORKER_CONFIG_ENV]: encodeWorkerConfig(this.options.config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.workers.add(worker);
    let failure: string | undefined;
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return;
      if (message.type === 'open-request') {
        this.admissions = this.admissions.then(() => this.admit(worker));
      } else if (message.type === 'failed') {
        failure = message.message;
      } else if (message.type !== 'ready') {
        return; // a reply that admit() is waiting for
      } else if (this.stopping) {
        this.sendDrain(worker); // asked to stop while it was starting
      } else {
        this.ready.push(worker);
      }
    });
    worker.once('exit', (code, signal) => {
      this.workers.delete(worker);
      this.attached.delete(worker);
      const index = this.ready.indexOf(worker);
      if (index >= 0) this.ready.splice(index, 1);
      if (this.stopping) return;
      const how = failure ?? signal ?? `code ${code}`;
      this.options.onWorkerDeath(`worker ${worker.pid} exited (${how}); restarting it`);
      const delayMs = Date.now() - startedAt < RESTART_BACKOFF_MS ? RESTART_BACKOFF_MS : 0;
      setTimeout(() => {
        if (!this.stopping) this.fork();
      }, delayMs).unref();
    });
  }

  private sendDrain(worker: ChildProcess): void {
    if (worker.connected) worker.send({ type: 'drain' });
  }

  /**
   * Lets `entrant` open the store while every other process holds its commits: LMDB loses a
   * commit made while another process opens the environment (see `StoreOpenGate`).
   */
  private async admit(entrant: ChildProcess): Promise<void> {
    if (!isRunning(entrant)) return;
    // Stopping: it may have taken its drain before it began to wait; waiting, it now exits.
    if (this.stopping) return this.sendDrain(entrant);
    const releaseOwn = this.holdOwnCommits();
    const holding = [...this.attached];
    try {
      await Promise.all(
        holding.map((worker) => exchange(worker, { type: 'hold-commits' }, 'commits-held')),
      );
      if (await exchange(entrant, { type: 'open-granted' }, 'opened')) this.attached.add(entrant);
    } finally {
      for (const worker of holding) sendQuietly(worker, { type: 'release-commits' });
      releaseOwn();
    }
  }
}

function isRunning(worker: ChildProcess): boolean {
  return worker.exitCode === null && worker.signalCode === null;
}

/** Sends, ignoring a channel that just closed (the worker's exit is handled elsewhere). */
function sendQuietly(worker: ChildProcess, message: StoreGateMessage): void {
  if (worker.connected) worker.send(message, () => {});
}

/**
 * Sends `message` and waits for the worker's `reply`: true when it came, false when the worker
 * exited instead. A worker that does not answer in time is killed (and awaited): only a process
 * that has exited is sure not to commit.
 */
function exchange(
  worker: ChildProcess,
  message: StoreGateMessage,
  reply: WorkerMessage['type'],
): Promise<boolean> {
  if (!isRunning(worker)) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onMessage = (received: unknown) => {
      if (isWorkerMessage(received) && received.type === reply) finish(true);
    };
    const onExit = () => finish(false);
    const timer = setTimeout(() => worker.kill('SIGKILL'), STORE_GATE_LIMIT_MS);
    const finish = (replied: boolean) => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('exit', onExit);
      resolve(replied);
    };
    worker.on('message', onMessage).once('exit', onExit);
    sendQuietly(worker, message);
  });
}
