#!/usr/bin/env node
// Runs OpenDDB's test groups with node:test (Node 20's --test has no globs, so files are found here).
//
//   node scripts/run-tests.mjs                 every group: unit, api (memory), api (lmdb),
//                                              api-workers (one `serve --workers 2`), cli, fuzz
//   node scripts/run-tests.mjs unit api        only these groups
//   node scripts/run-tests.mjs test/api/x.test.ts   only these files or directories

import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Test files under `dir` (relative to the repo), sorted for a stable order. */
function findTests(dir) {
  const found = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(relative(ROOT, full));
    }
  };
  try {
    walk(join(ROOT, dir));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  return found.sort();
}

const isApi = (file) => file.startsWith(`test${sep}api${sep}`);
const isFuzz = (file) => file.endsWith('fuzz.test.ts');
/** Tests that run the `openddb` command itself: test/cli.test.ts, test/cli-*.test.ts. */
const isCli = (file) => /^test[\\/]cli(-[a-z-]+)?\.test\.ts$/.test(file);
const isOwnGroup = (file) => isApi(file) || isFuzz(file) || isCli(file);

/** Each group: its files and the environment it runs with. */
const GROUPS = {
  // Pure unit tests beside the code, storage conformance and any other non-API suites.
  unit: () => ({
    files: [...findTests('src'), ...findTests('test')].filter((f) => !isOwnGroup(f)),
  }),
  api: () => ({ files: findTests(join('test', 'api')), env: { OPENDDB_TEST_ENGINE: 'memory' } }),
  'api-lmdb': () => ({
    files: findTests(join('test', 'api')),
    env: { OPENDDB_TEST_ENGINE: 'lmdb' },
  }),
  // The API suite once more against ONE process tree of a primary and 2 workers on disk.
  'api-workers': () => ({ files: findTests(join('test', 'api')), server: startWorkersServer }),
  cli: () => ({ files: findTests('test').filter(isCli) }),
  // Random requests at the server and random expression strings at the parser.
  fuzz: () => ({ files: [...findTests('src'), ...findTests('test')].filter(isFuzz) }),
};

async function run(name, { files, env = {}, server }) {
  if (files.length === 0) {
    console.log(`\n== ${name}: no test files`);
    return true;
  }
  console.log(`\n== ${name}: ${files.length} file(s)`);
  const external = server ? await server() : undefined;
  try {
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...env, ...external?.env },
    });
    return result.status === 0;
  } finally {
    if (external && !(await external.stop())) {
      console.log(`== ${name}: the server did not shut down cleanly`);
      return false;
    }
  }
}

/**
 * `openddb serve --workers 2` on a fresh data directory, run from the bundle users run (built from
 * src/ first, so it is never stale); its output goes to a file we poll.
 */
async function startWorkersServer() {
  const bundled = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], {
    stdio: 'inherit',
  });
  if (bundled.status !== 0) throw new Error('scripts/bundle.mjs failed');
  const dir = mkdtempSync(join(tmpdir(), 'openddb-workers-'));
  const logFile = join(dir, 'server.log');
  const log = openSync(logFile, 'w');
  const main = join(ROOT, 'dist', 'bundle', 'main.js');
  const args = ['serve', '--workers', '2', '--data', join(dir, 'data'), '--port', '0'];
  const child = spawn(process.execPath, [main, ...args, '--log-level', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async () => {
    child.kill('SIGTERM');
    const code = await Promise.race([exited, delay(30_000, 'timeout')]);
    if (code === 'timeout') child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    return code === 0;
  };
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && child.exitCode === null;) {
    const endpoint = readFileSync(logFile, 'utf8').match(/listening on (http:\/\/\S+)/)?.[1];
    if (endpoint) {
      console.log(`   against ${endpoint} (openddb serve --workers 2, bundled)`);
      return { env: { OPENDDB_ENDPOINT: endpoint, DYNAMODB_ENDPOINT: '' }, stop };
    }
    await delay(50);
  }
  const output = readFileSync(logFile, 'utf8');
  await stop();
  throw new Error(`openddb serve --workers 2 did not start:\n${output}`);
}

async function main(args) {
  const explicit = args.filter((arg) => !(arg in GROUPS));
  const groups = args.filter((arg) => arg in GROUPS);
  const plan = [];
  if (explicit.length > 0) {
    const files = explicit.flatMap((arg) =>
      statSync(join(ROOT, arg)).isDirectory() ? findTests(arg) : [relative(ROOT, join(ROOT, arg))],
    );
    plan.push(['files', { files }]);
  }
  for (const name of groups.length > 0 || explicit.length > 0 ? groups : Object.keys(GROUPS)) {
    plan.push([name, GROUPS[name]()]);
  }
  const failed = [];
  for (const [name, group] of plan) if (!(await run(name, group))) failed.push(name);
  console.log(failed.length === 0 ? '\nall test groups passed' : `\nfailed: ${failed.join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
