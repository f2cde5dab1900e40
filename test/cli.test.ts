// The `openddb` command as a user runs it: a child process, its output, exit codes and signals.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawRequest } from './helpers/raw-request.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
/** Generous bounds: they catch hangs, they do not measure speed. */
const STARTUP_LIMIT_MS = 20_000;
const EXIT_LIMIT_MS = 20_000;

interface Cli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

function runCli(args: string[], env: Record<string, string> = {}): Cli {
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OPENDDB_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...cleanEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: () => bounded(exit, EXIT_LIMIT_MS, `exit of openddb ${args.join(' ')}`),
    waitFor(pattern) {
      const found = new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) resolve(match);
        };
        child.stdout.on('data', check);
        check();
        void exit.then(() => {
          check();
          reject(new Error(`openddb exited before printing ${pattern}: ${err}`));
        });
      });
      return bounded(found, STARTUP_LIMIT_MS, `${pattern} from openddb`);
    },
  };
}

/** Rejects when `promise` takes longer than `limitMs`, so a hang fails instead of stalling. */
function bounded<T>(promise: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), limitMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const LISTENING = /^OpenDDB (\S+) listening on (http:\/\/\S+) \((.+)\)$/m;

let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'openddb-cli-'));
});
after(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(workDir, { recursive: true, force: true });
});

describe('usage', () => {
  test('--help prints usage and exits 0', async () => {
    const cli = runCli(['--help']);
    assert.deepEqual(await cli.exited(), { code: 0, signal: null });
    assert.match(cli.stdout(), /Usage: openddb serve/);
    for (const flag of ['--port', '--host', '--data', '--in-memory', '--region', '--account-id']) {
      assert.ok(cli.stdout().includes(flag), `help mentions ${flag}`);
    }
  });

  test('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const cli = runCli(['--version']);
    assert.deepEqual(await cli.exited(), { code: 0, signal: null });
    assert.equal(cli.stdout(), `${version}\n`);
  });

  const usageErrors: [string, string[], Record<string, string>, RegExp][] = [
    ['an unknown flag', ['serve', '--bogus'], {}, /Unknown option '--bogus'/],
    ['a missing command', [], {}, /missing command/],
    ['an unknown command', ['launch'], {}, /unknown command 'launch'/],
    ['a bad port', ['serve', '--port', 'http'], {}, /invalid port 'http'/],
    ['a port out of range', ['serve', '--port', '70000'], {}, /invalid port '70000'/],
    ['a bad log level', ['serve', '--log-level', 'loud'], {}, /invalid log level 'loud'/],
    ['a bad port from the environment', ['serve'], { OPENDDB_PORT: 'x' }, /invalid port 'x'/],
    ['--data with --in-memory', ['serve', '--data', 'd', '--in-memory'], {}, /together/],
  ];
  for (const [name, args, env, message] of usageErrors) {
    test(`${name} is a usage error (exit 2)`, async () => {
      const cli = runCli(args, env);
      assert.deepEqual(await cli.exited(), { code: 2, signal: null });
      assert.match(cli.stderr(), message);
      assert.match(cli.stderr(), /openddb --help/);
    });
  }
});

describe('serve', () => {
  test('starts in memory, answers, and exits 0 on SIGTERM', async (t) => {
    const startedAt = performance.now();
    const cli = runCli(['serve', '--in-memory', '--port', '0', '--log-level', 'error']);
    const [, version, endpoint, where] = await cli.waitFor(LISTENING);
    assert.equal(where, 'in memory');
    assert.match(version!, /^\d+\.\d+\.\d+/);
    const response = await rawRequest(endpoint!, 'ListTables', {});
    const elapsedMs = performance.now() - startedAt;
    t.diagnostic(`start to first answered request: ${elapsedMs.toFixed(0)} ms`);
    assert.equal(response.status, 200);
    assert.ok(elapsedMs < STARTUP_LIMIT_MS);
    cli.child.kill('SIGTERM');
    assert.deepEqual(await cli.exited(), { code: 0, signal: null });
  });

  test('environment variables configure the server', async () => {
    const cli = runCli(['serve'], {
      OPENDDB_IN_MEMORY: '1',
      OPENDDB_PORT: '0',
      OPENDDB_REGION: 'eu-west-3',
    });
    const [, , endpoint] = await cli.waitFor(LISTENING);
    const health = await rawRequest(endpoint!, undefined, '', { method: 'GET' });
    assert.equal(health.text, 'healthy: dynamodb.eu-west-3.amazonaws.com ');
    cli.child.kill('SIGINT');
    assert.deepEqual(await cli.exited(), { code: 0, signal: null });
  });

  test('SIGTERM closes idle keep-alive connections and exits', async () => {
    const cli = runCli(['serve', '--in-memory', '--port', '0']);
    const [, , endpoint] = await cli.waitFor(LISTENING);
    const { hostname, port } = new URL(endpoint!);
    // One answered request on a socket we keep open: the server must not wait for it to close.
    const socket = connect(Number(port), hostname);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.once('data', () => resolve());
        socket.write(`GET / HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
      });
      cli.child.kill('SIGTERM');
      assert.deepEqual(await cli.exited(), { code: 0, signal: null });
    } finally {
      socket.destroy();
    }
  });

  test('prints the absolute data directory', async () => {
    const dataDir = join(workDir, 'data-startup');
    const cli = runCli(['serve', '--data', dataDir, '--port', '0']);
    const [, , , where] = await cli.waitFor(LISTENING);
    assert.equal(where, `data: ${dataDir}`);
    cli.child.kill('SIGTERM');
    assert.deepEqual(await cli.exited(), { code: 0, signal: null });
  });
});

describe('startup failures exit 1 with a clear message', () => {
  test('the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const cli = runCli(['serve', '--in-memory', '--port', String(port)]);
      assert.deepEqual(await cli.exited(), { code: 1, signal: null });
      assert.match(cli.stderr(), new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('the data directory is in use by another server', async () => {
    const dataDir = join(workDir, 'data-locked');
    const first = runCli(['serve', '--data', dataDir, '--port', '0']);
    await first.waitFor(LISTENING);
    try {
      const second = runCli(['serve', '--data', dataDir, '--port', '0']);
      assert.deepEqual(await second.exited(), { code: 1, signal: null });
      assert.match(second.stderr(), /^openddb: .+/);
      assert.ok(second.stderr().includes(dataDir), second.stderr());
      assert.doesNotMatch(second.stderr(), /\n\s+at /, 'a sentence, not a stack trace');
    } finally {
      first.child.kill('SIGTERM');
      assert.deepEqual(await first.exited(), { code: 0, signal: null });
    }
  });

  test('the data directory cannot be created (its parent is a file)', async () => {
    const file = join(workDir, 'not-a-directory');
    await writeFile(file, 'x');
    const cli = runCli(['serve', '--data', join(file, 'data'), '--port', '0']);
    assert.deepEqual(await cli.exited(), { code: 1, signal: null });
    assert.match(cli.stderr(), /^openddb: .+/);
    assert.doesNotMatch(cli.stderr(), /\n\s+at /, 'a sentence, not a stack trace');
  });

  const isRoot = process.getuid?.() === 0;
  test(
    'the data directory is read-only',
    { skip: isRoot ? 'root can write to read-only directories' : false },
    async () => {
      const dataDir = join(workDir, 'read-only');
      await mkdir(dataDir);
      await chmod(dataDir, 0o500);
      try {
        const cli = runCli(['serve', '--data', dataDir, '--port', '0']);
        assert.deepEqual(await cli.exited(), { code: 1, signal: null });
        assert.match(cli.stderr(), /^openddb: .+/);
        assert.doesNotMatch(cli.stderr(), /\n\s+at /, 'a sentence, not a stack trace');
      } finally {
        await chmod(dataDir, 0o700);
      }
    },
  );
});
