#!/usr/bin/env node
// Runs OpenDDB's test groups with node:test (Node 20's --test has no globs, so files are found here).
//
//   node scripts/run-tests.mjs                 every group: unit, api (memory), api (lmdb), cli, fuzz
//   node scripts/run-tests.mjs unit api        only these groups
//   node scripts/run-tests.mjs test/api/x.test.ts   only these files or directories

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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
const isOwnGroup = (file) => isApi(file) || isFuzz(file) || file === join('test', 'cli.test.ts');

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
  cli: () => ({ files: findTests('test').filter((f) => f === join('test', 'cli.test.ts')) }),
  // Random requests at the server and random expression strings at the parser.
  fuzz: () => ({ files: [...findTests('src'), ...findTests('test')].filter(isFuzz) }),
};

function run(name, { files, env = {} }) {
  if (files.length === 0) {
    console.log(`\n== ${name}: no test files`);
    return true;
  }
  console.log(`\n== ${name}: ${files.length} file(s)`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status === 0;
}

function main(args) {
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
  const failed = plan.filter(([name, group]) => !run(name, group)).map(([name]) => name);
  console.log(failed.length === 0 ? '\nall test groups passed' : `\nfailed: ${failed.join(', ')}`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
