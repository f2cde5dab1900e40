#!/usr/bin/env node
// Start-to-first-answered-request time and idle RSS of `node dist/src/cli/main.js serve`, in memory
// and on disk, over several runs (`npm run bench:startup -- --runs 10`).

import { parseArgs } from 'node:util';
import { BenchClient } from './client.mjs';
import { perProcessRss } from './proc-stats.mjs';
import { freePort } from './servers.mjs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 10);
const MAIN = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

async function answered(endpoint) {
  const client = new BenchClient(endpoint, 1);
  try {
    return (await client.send('ListTables', {})).status === 200;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/** Spawns the server on a fixed free port and polls until it answers; returns ms and the child. */
async function startOnce(args) {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--port', String(port), '--log-level', 'error', ...args],
    {
      stdio: 'ignore',
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  while (!(await answered(endpoint))) {
    if (performance.now() - startedAt > 30_000) throw new Error('no answer within 30 s');
    await delay(2);
  }
  return { ms: performance.now() - startedAt, child };
}

async function series(label, makeArgs) {
  const times = [];
  let rss;
  for (let run = 0; run < RUNS; run += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
    const { ms, child } = await startOnce(makeArgs(dir));
    times.push(ms);
    if (run === RUNS - 1) {
      await delay(1000); // idle: let startup garbage settle
      rss = perProcessRss(child.pid).map((p) => `${(p.rssBytes / 2 ** 20).toFixed(0)} MB`);
    }
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  process.stdout.write(
    `| ${label} | ${median.toFixed(0)} | ${times[0].toFixed(0)} | ${times.at(-1).toFixed(0)} | ${rss.join(', ')} |\n`,
  );
}

process.stdout.write(
  `${RUNS} runs each; idle RSS per process (primary first) after the last run\n\n`,
);
process.stdout.write(
  '| serve | median ms | min ms | max ms | idle RSS per process |\n| --- | --: | --: | --: | --- |\n',
);
await series('--in-memory', () => ['--in-memory']);
await series('--data (1 worker)', (dir) => ['--data', dir, '--workers', '1']);
await series('--data (2 workers, the default here)', (dir) => ['--data', dir, '--workers', '2']);
