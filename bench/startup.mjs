#!/usr/bin/env node
// Start-to-first-answered-request time and idle RSS of `node dist/bundle/main.js serve`, in memory
// and on disk, over several interleaved runs (`npm run bench:startup -- --runs 10`), next to the
// same figure for a bare node:http server (the floor any Node server starts from on this machine).

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
const MAIN = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const CEILING = fileURLToPath(new URL('./ceiling-server.mjs', import.meta.url));

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
async function startOnce(makeCommand) {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, makeCommand(port), { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  while (!(await answered(endpoint))) {
    if (performance.now() - startedAt > 30_000) throw new Error('no answer within 30 s');
    await delay(2);
  }
  return { ms: performance.now() - startedAt, child };
}

const serve = (args) => (port) => [
  MAIN,
  'serve',
  '--port',
  String(port),
  '--log-level',
  'error',
  ...args,
];

/** One run of each kind in turn, RUNS times, so machine noise hits every kind alike. */
async function interleaved(kinds) {
  const times = kinds.map(() => []);
  const rss = [];
  for (let run = 0; run < RUNS; run += 1) {
    for (const [index, kind] of kinds.entries()) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
      const { ms, child } = await startOnce(kind.command(dir));
      times[index].push(ms);
      if (run === RUNS - 1) {
        await delay(1000); // idle: let startup garbage settle
        rss[index] = perProcessRss(child.pid).map((p) => `${(p.rssBytes / 2 ** 20).toFixed(0)} MB`);
      }
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const [index, kind] of kinds.entries()) {
    const sorted = times[index].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    process.stdout.write(
      `| ${kind.label} | ${median.toFixed(0)} | ${sorted[0].toFixed(0)} | ${sorted.at(-1).toFixed(0)} | ${rss[index].join(', ')} |\n`,
    );
  }
}

process.stdout.write(
  `${RUNS} interleaved runs each; idle RSS per process (primary first) after the last run\n\n`,
);
process.stdout.write(
  '| serve | median ms | min ms | max ms | idle RSS per process |\n| --- | --: | --: | --: | --- |\n',
);
await interleaved([
  { label: 'bare node:http (the floor)', command: () => (port) => [CEILING, String(port)] },
  { label: '--in-memory', command: () => serve(['--in-memory']) },
  { label: '--data (1 worker)', command: (dir) => serve(['--data', dir, '--workers', '1']) },
  {
    label: '--data (2 workers, the default here)',
    command: (dir) => serve(['--data', dir, '--workers', '2']),
  },
]);
