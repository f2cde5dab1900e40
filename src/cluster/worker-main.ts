// Entry point of one HTTP worker process: serves the connections its primary hands over, on the
// shared store, until the primary says drain.

import type { Socket } from 'node:net';
import { startServer } from '../index.js';
import type { StoreOpenGate } from '../storage/engine.js';
import {
  WORKER_CONFIG_ENV,
  decodeWorkerConfig,
  isConnectionMessage,
  isDrainMessage,
  isStoreGateMessage,
  type StoreGateMessage,
  type WorkerMessage,
} from './messages.js';

async function main(): Promise<void> {
  // A terminal's Ctrl-C signals the whole process group; the primary decides when workers stop.
  const ignore = () => {};
  process.on('SIGINT', ignore).on('SIGTERM', ignore);
  const config = decodeWorkerConfig(process.env[WORKER_CONFIG_ENV]);
  // Listen from the start: the primary may ask to drain while this worker is still starting.
  let drainRequested = false;
  const gate = new PrimaryStoreGate();
  let drain = () => {
    drainRequested = true;
    // Still waiting for its turn to open the store: nothing is open, nothing to finish.
    if (gate.waiting) process.exit(0);
  };
  const serving: { accept?: (socket: Socket) => void } = {};
  process.on('message', (message: unknown, socket: unknown) => {
    if (isDrainMessage(message)) drain();
    else if (isStoreGateMessage(message)) gate.receive(message);
    else if (isConnectionMessage(message) && socket !== undefined) {
      // Connections come only after 'ready'; one racing a drain is closed by the server.
      if (serving.accept === undefined) (socket as Socket).destroy();
      else serving.accept(socket as Socket);
    }
  });
  // The IPC channel closes when the primary dies: do not outlive it.
  process.on('disconnect', () => drain());
  let server;
  try {
    // The primary holds the data directory's lock for the whole tree; LMDB itself is multi-process.
    server = await startServer({ ...config, storeLock: false, listen: false, storeGate: gate });
  } catch (error) {
    send({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  }
  const running = server;
  serving.accept = (socket) => running.acceptConnection(socket);
  let draining = false;
  drain = () => {
    if (draining) return;
    draining = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`openddb worker ${process.pid}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  send({ type: 'ready' });
  if (drainRequested) drain();
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** The store opens when the primary grants it, and this worker holds its commits when asked. */
class PrimaryStoreGate implements StoreOpenGate {
  waiting = false;
  private granted: (() => void) | undefined;
  private holdCommits: (() => () => void) | undefined;
  private releaseHold: (() => void) | undefined;

  enter(): Promise<void> {
    this.waiting = true;
    return new Promise<void>((resolve) => {
      this.granted = resolve;
      send({ type: 'open-request' });
    });
  }

  leave(holdCommits: () => () => void): void {
    this.holdCommits = holdCommits;
    send({ type: 'opened' });
  }

  receive(message: StoreGateMessage): void {
    switch (message.type) {
      case 'open-granted':
        this.waiting = false;
        this.granted?.();
        break;
      case 'hold-commits':
        this.releaseHold ??= this.holdCommits?.();
        send({ type: 'commits-held' });
        break;
      case 'release-commits':
        this.releaseHold?.();
        this.releaseHold = undefined;
        break;
    }
  }
}

void main();
