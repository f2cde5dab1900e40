#!/usr/bin/env node
// Server cost per operation in CPU instructions (`perf stat`), steadier than ops/s on a shared
// machine: `node bench/instructions.mjs [--workloads CD] [--ops 10000] [--root <built checkout>]`,
// and `--startup` for the instructions from process start to the first answered request.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    workloads: { type: 'string' },
    ops: { type: 'string' },
    records: { type: 'string' },
    runs: { type: 'string' },
    root: { type: 'string' },
    startup: { type: 'boolean' },
  },
});
// --root compares another built checkout (e.g. `git archive HEAD` built in /tmp) with this one.
const ROOT = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));
const MAIN = join(ROOT, 'dist', 'bundle', 'main.js');
const OPS = Number(values.ops ?? 10_000);
const RECORDS = Number(values.records ?? 2000);
const RUNS = Number(values.runs ?? 5);
const IN_FLIGHT = 32;

const moduleOf = (name) => import(pathToFileURL(join(ROOT, 'bench', name)).href);
const { BenchClient } = await moduleOf('client.mjs');
const { freePort } = await moduleOf('servers.mjs');
const { TABLES, WORKLOADS, dataSet } = await moduleOf('workloads.mjs');

/** Counts user-space instructions and CPU time of `pid` (or of a command) until `perf` is stopped. */
function perfStat(target) {
  const perf = spawn('perf', ['stat', '-x,', '-e', 'instructions:u,task-clock', ...target], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let report = '';
  perf.stderr.on('data', (chunk) => (report += chunk));
  const exited = new Promise((resolveExit) => perf.once('exit', resolveExit));
  const counter = (name) =>
    Number(
      report
        .split('\n')
        .find((line) => line.includes(name))
        ?.split(',')[0],
    );
  return {
    perf,
    result: () =>
      exited.then(() => ({ instructions: counter('instructions'), cpuMs: counter('task-clock') })),
  };
}

async function untilAnswered(client) {
  for (;;) {
    try {
      if ((await client.send('ListTables', {})).status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(2);
  }
}

async function startup() {
  const results = [];
  for (let run = 0; run < RUNS; run += 1) {
    const port = await freePort();
    const args = [MAIN, 'serve', '--port', String(port), '--in-memory', '--log-level', 'error'];
    const stat = perfStat(['--', process.execPath, ...args]);
    const client = new BenchClient(`http://127.0.0.1:${port}`, 1);
    await untilAnswered(client);
    client.close();
    // perf's child is the server: stop it at once, so only start-up is counted.
    const [serverPid] = execFileSync('pgrep', ['-P', String(stat.perf.pid)])
      .toString()
      .split('\n');
    process.kill(Number(serverPid), 'SIGKILL');
    results.push(await stat.result());
  }
  const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  const millions = (median('instructions') / 1e6).toFixed(0);
  console.log(
    `start to first answer (in memory): ${millions} M instructions, ${median('cpuMs').toFixed(0)} ms CPU`,
  );
}

async function run(client, workload, count) {
  let left = count;
  const loop = async () => {
    while (left-- > 0) {
      const [operation, payload] = WORKLOADS[workload].next(RECORDS);
      const { status, text } = await client.send(operation, payload);
      if (status !== 200) throw new Error(`${operation}: ${text}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, loop));
}

async function perOperation() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-instructions-'));
  const port = await freePort();
  const args = [MAIN, 'serve', '--port', String(port), '--data', dir, '--workers', '1'];
  const server = spawn(process.execPath, [...args, '--log-level', 'error'], { stdio: 'ignore' });
  const client = new BenchClient(`http://127.0.0.1:${port}`, IN_FLIGHT);
  try {
    await untilAnswered(client);
    console.log(`${ROOT}: 1 worker, on disk, ${IN_FLIGHT} in flight, ${RECORDS} records per table`);
    for (const table of TABLES) await client.send('CreateTable', table);
    const items = [...dataSet(RECORDS)];
    for (let i = 0; i < items.length; i += 25) {
      const requestItems = {};
      for (const [table, Item] of items.slice(i, i + 25)) {
        (requestItems[table] ??= []).push({ PutRequest: { Item } });
      }
      await client.send('BatchWriteItem', { RequestItems: requestItems });
    }
    for (const workload of values.workloads ?? 'CD') {
      await run(client, workload, Math.min(2000, OPS)); // warm-up: JIT, caches
      const stat = perfStat(['-p', String(server.pid)]);
      await delay(300); // perf attaches asynchronously
      await run(client, workload, OPS);
      stat.perf.kill('SIGINT');
      const { instructions, cpuMs } = await stat.result();
      const perOp = `${(instructions / OPS / 1000).toFixed(0)}k instructions/op`;
      console.log(`${workload}: ${perOp}, ${((cpuMs * 1000) / OPS).toFixed(1)} µs CPU/op`);
    }
  } finally {
    client.close();
    server.kill('SIGTERM');
    await new Promise((resolveExit) => server.once('exit', resolveExit));
    rmSync(dir, { recursive: true, force: true });
  }
}

await (values.startup ? startup() : perOperation());
