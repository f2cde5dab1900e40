// Binding a listening socket, and the endpoint URL clients use to reach it.

import type { Server } from 'node:net';

/** Resolves once `server` listens on `host:port`; rejects with the bind error (EADDRINUSE, …). */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** e.g. `http://127.0.0.1:8000`; IPv6 literals need brackets in a URL. */
export function endpointUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
