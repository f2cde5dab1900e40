// Entry point of one HTTP worker process: serves the shared port and store until the primary says drain.

import { startServer } from '../index.js';
import {
  WORKER_CONFIG_ENV,
  decodeWorkerConfig,
  isDrainMessage,
  type WorkerMessage,
} from './messages.js';

async function main(): Promise<void> {
  // A terminal's Ctrl-C signals the whole process group; the primary decides when workers stop.
  const ignore = () => {};
  process.on('SIGINT', ignore).on('SIGTERM', ignore);
  const config = decodeWorkerConfig(process.env[WORKER_CONFIG_ENV]);
  // Listen from the start: the primary may ask to drain while this worker is still starting.
  let drainRequested = false;
  let drain = () => {
    drainRequested = true;
  };
  process.on('message', (message) => {
    if (isDrainMessage(message)) drain();
  });
  // The IPC channel closes when the primary dies: do not outlive it.
  process.on('disconnect', () => drain());
  let server;
  try {
    // The primary holds the data directory's lock for the whole tree; LMDB itself is multi-process.
    server = await startServer({ ...config, storeLock: false });
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    send({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    });
    process.exit(1);
  }
  const running = server;
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
  send({ type: 'ready', endpoint: server.endpoint });
  if (drainRequested) drain();
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

void main();
