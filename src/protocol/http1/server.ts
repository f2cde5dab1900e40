// The HTTP/1.1 server: accepts sockets from a net.Server (or, later, a tls.Server), gives each a
// Connection, enforces timeouts, and shuts down the way createHttpServer's close() promises.

import { createServer, type Server, type Socket } from 'node:net';
import {
  Connection,
  type ConnectionHost,
  type Http1Timeouts,
  type RequestHandler,
} from './connection.js';

export type { HttpRequest, HttpResponse, RequestHandler, Http1Timeouts } from './connection.js';

/** node:http's defaults (headersTimeout 60 s, requestTimeout 300 s, keepAliveTimeout 5 s). */
export const DEFAULT_TIMEOUTS: Http1Timeouts = {
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 5_000,
};

export interface Http1ServerOptions {
  readonly handler: RequestHandler;
  /** Body bytes kept per request; longer bodies are read to their end and flagged too large. */
  readonly maxBodyBytes: number;
  readonly timeouts?: Partial<Http1Timeouts>;
  /** How often timeouts are checked (default 1 s: a timeout fires up to this much late). */
  readonly sweepIntervalMs?: number;
}

export interface Http1Server {
  /** The listening socket: call `listen` on it (node:cluster workers share its port). */
  readonly listener: Server;
  /** Serves one connected socket; a TLS server passes its secure sockets here. */
  accept(socket: Socket): void;
  /**
   * Stops accepting, closes idle connections at once, lets requests already received finish
   * (their connections close after the answer), and resolves when every connection is closed
   * and no request is running.
   */
  close(): Promise<void>;
}

export function createHttp1Server(options: Http1ServerOptions): Http1Server {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const sweepIntervalMs = options.sweepIntervalMs ?? 1000;
  const connections = new Set<Connection>();
  let running = 0;
  let closing = false;
  let onQuiet: (() => void) | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  const quiet = (): boolean => running === 0 && connections.size === 0;
  const host: ConnectionHost = {
    handler: options.handler,
    timeouts,
    maxBodyBytes: options.maxBodyBytes,
    started: () => (running += 1),
    settled: () => {
      running -= 1;
      if (quiet()) onQuiet?.();
    },
    closed: (connection) => {
      connections.delete(connection);
      if (quiet()) onQuiet?.();
    },
  };
  const accept = (socket: Socket): void => {
    if (closing) {
      socket.destroy();
      return;
    }
    const connection = new Connection(socket, host);
    connections.add(connection);
    sweeper ??= setInterval(() => {
      const now = Date.now();
      for (const each of connections) each.sweep(now);
    }, sweepIntervalMs).unref();
  };
  // allowHalfOpen: a client that stops sending (FIN) after a request still gets its answer.
  const listener = createServer({ noDelay: true, allowHalfOpen: true }, accept);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= shutDown());
  const shutDown = async (): Promise<void> => {
    closing = true;
    const stopped = new Promise<void>((resolve) => {
      if (listener.listening) listener.close(() => resolve());
      else resolve();
    });
    for (const connection of connections) connection.shutdown();
    if (!quiet()) await new Promise<void>((resolve) => (onQuiet = resolve));
    clearInterval(sweeper);
    await stopped;
  };
  return { listener, accept, close };
}
