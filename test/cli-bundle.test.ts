// The bundled command (`dist/bundle/`, scripts/bundle.mjs): its launcher runs the code through V8's
// code cache, and a missing or unusable cache costs start-up time, never correctness.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { rawRequest } from './helpers/raw-request.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'bundle');
/** Generous bounds: they catch hangs, they do not measure speed. */
const LIMIT_MS = 30_000;
const LISTENING = /listening on (http:\/\/\S+)/;

before(() => {
  // Built here from src/, so the test never runs a stale bundle.
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], {
    stdio: 'inherit',
  });
  assert.equal(built.status, 0, 'scripts/bundle.mjs failed');
});

async function caches(): Promise<Record<string, string>> {
  const names = (await readdir(BUNDLE)).filter((name) => name.endsWith('.cache'));
  return Object.fromEntries(names.map((name) => [name.split('.code.')[0]!, join(BUNDLE, name)]));
}

/** Starts the bundled `serve`, answers one request, stops it with SIGTERM; returns its exit code. */
async function serveOnce(args: string[]): Promise<number | null> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OPENDDB_')),
  );
  const child = spawn(
    process.execPath,
    [join(BUNDLE, 'main.js'), 'serve', '--port', '0', ...args],
    {
      env: { ...env, OPENDDB_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  try {
    let endpoint: string | undefined;
    for (const deadline = Date.now() + LIMIT_MS; endpoint === undefined; await delay(25)) {
      assert.ok(Date.now() < deadline, `no startup line: ${out}`);
      assert.equal(child.exitCode, null, `the server exited: ${out}`);
      endpoint = LISTENING.exec(out)?.[1];
    }
    const answer = await rawRequest(endpoint, 'ListTables', {});
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.body, { TableNames: [] });
  } finally {
    child.kill('SIGTERM');
  }
  return exited;
}

test('the build leaves a code cache beside the command and beside the worker', async () => {
  const found = await caches();
  assert.deepEqual(Object.keys(found).sort(), ['main', 'worker-main']);
  assert.match((await readdir(BUNDLE)).join(' '), /main\.code\.[0-9a-f]{16}\.cache/);
});

test('without its cache the server starts from source, and writes the cache as it exits', async () => {
  const { main } = await caches();
  await rm(main!);
  assert.equal(await serveOnce(['--in-memory']), 0);
  assert.ok((await readFile(main!)).length > 0);
});

test('a cache V8 refuses is ignored, then replaced', async () => {
  const { main } = await caches();
  const garbage = Buffer.alloc(4096, 0x5a);
  await writeFile(main!, garbage);
  const dir = await mkdtemp(join(tmpdir(), 'openddb-bundle-'));
  try {
    assert.equal(await serveOnce(['--data', dir, '--workers', '1']), 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.notDeepEqual(await readFile(main!), garbage);
});
