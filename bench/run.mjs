#!/usr/bin/env node
// `npm run bench`: OpenDDB against DynamoDB Local, dynalite and a bare-Node ceiling, interleaved.
//
//   npm run bench                      100k items per table, 5 s per run, 3 rounds
//   npm run bench -- --quick           5k items, 1 s per run, 2 rounds (under 3 minutes)
//   options: --records N --duration-ms N --rounds N --workloads ABCDEFT --in-flight 1,32
//            --servers openddb,dynamodb-local,dynalite,ceiling --workers N (OpenDDB's)

import { parseArgs } from 'node:util';
import { BenchClient, closedLoop, percentile } from './client.mjs';
import { treeCpuSeconds, treeMemory } from './proc-stats.mjs';
import { SERVER_NAMES, startBenchServer } from './servers.mjs';
import { TABLES, WORKLOADS, dataSet } from './workloads.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    records: { type: 'string' },
    'duration-ms': { type: 'string' },
    rounds: { type: 'string' },
    workloads: { type: 'string' },
    'in-flight': { type: 'string' },
    servers: { type: 'string' },
    workers: { type: 'string' },
  },
});
const quick = values.quick ?? false;
const settings = {
  records: Number(values.records ?? (quick ? 5_000 : 100_000)),
  durationMs: Number(values['duration-ms'] ?? (quick ? 1_000 : 5_000)),
  rounds: Number(values.rounds ?? (quick ? 2 : 3)),
  workloads: [...(values.workloads ?? 'ABCDEFT')],
  inFlight: (values['in-flight'] ?? '1,32').split(',').map(Number),
  servers: (values.servers ?? SERVER_NAMES.join(',')).split(','),
  workers: values.workers,
};

const log = (text) => process.stderr.write(`${text}\n`);

async function isReady(endpoint) {
  const client = new BenchClient(endpoint, 1);
  try {
    return (await client.send('ListTables', {})).status < 500;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

async function createTables(client) {
  for (const table of TABLES) {
    const { status, text } = await client.send('CreateTable', table);
    if (status !== 200) throw new Error(`CreateTable ${table.TableName}: ${text}`);
  }
  // DynamoDB Local and dynalite may answer CREATING first.
  for (const { TableName } of TABLES) {
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const { text } = await client.send('DescribeTable', { TableName }, true);
      if (JSON.parse(text).Table?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function load(client, records) {
  // Only the tables the chosen workloads use (both are created either way).
  const tables = [...new Set(settings.workloads.map((workload) => WORKLOADS[workload].table))];
  const items = dataSet(records, tables);
  const writeBatch = async () => {
    for (;;) {
      const batch = {};
      let count = 0;
      for (let next = items.next(); !next.done; next = count < 25 ? items.next() : { done: true }) {
        const [table, item] = next.value;
        (batch[table] ??= []).push({ PutRequest: { Item: item } });
        count += 1;
      }
      if (count === 0) return;
      let pending = batch;
      while (Object.keys(pending).length > 0) {
        const { status, text } = await client.send(
          'BatchWriteItem',
          { RequestItems: pending },
          true,
        );
        if (status !== 200) throw new Error(`BatchWriteItem: ${text}`);
        pending = JSON.parse(text).UnprocessedItems ?? {};
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, writeBatch));
}

/** Whether the server knows the workload's operation (T needs TransactWriteItems). */
async function supports(client, workload) {
  const [operation, payload] = WORKLOADS[workload].next(settings.records);
  const { text } = await client.send(operation, payload, true);
  return !/UnknownOperationException/.test(text);
}

async function prepare(name) {
  const started = Date.now();
  const server = await startBenchServer(name, isReady, { workers: settings.workers });
  const client = new BenchClient(server.endpoint, Math.max(...settings.inFlight));
  const skipped = new Map();
  if (name !== 'ceiling') {
    await createTables(client);
    await load(client, settings.records);
    for (const workload of settings.workloads) {
      if (!(await supports(client, workload))) {
        skipped.set(workload, 'answers UnknownOperationException');
      }
    }
    // Warm up (JIT, caches) so the first measured run is not a cold one.
    const warmUp = WORKLOADS[settings.workloads[0]];
    await closedLoop(client, () => warmUp.next(settings.records), 8, 500);
  }
  log(`${name}: started in ${server.startMs.toFixed(0)} ms, ready in ${Date.now() - started} ms`);
  return { ...server, client, skipped, peakBytes: 0 };
}

async function measure(server, workload, inFlight) {
  const next = () => WORKLOADS[workload].next(settings.records);
  const cpuBefore = treeCpuSeconds(server.pid);
  const result = await closedLoop(server.client, next, inFlight, settings.durationMs);
  const cpuSeconds = treeCpuSeconds(server.pid) - cpuBefore;
  server.peakBytes = Math.max(server.peakBytes, treeMemory(server.pid).peakBytes);
  return {
    opsPerSecond: result.ops / result.elapsedSeconds,
    p50: percentile(result.latencies, 0.5),
    p99: percentile(result.latencies, 0.99),
    p999: percentile(result.latencies, 0.999),
    cpuPerKiloOps: (cpuSeconds / result.ops) * 1000,
    errors: Object.fromEntries(result.errors),
    errorCount: [...result.errors.values()].reduce((a, b) => a + b, 0),
  };
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main() {
  log(`bench: ${JSON.stringify(settings)}`);
  const servers = [];
  try {
    for (const name of settings.servers) servers.push(await prepare(name));
    const results = new Map(); // `${server}|${workload}|${inFlight}` → run results
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const workload of settings.workloads) {
        for (const inFlight of settings.inFlight) {
          // Interleaved, starting with a different server each round, so noise hits all alike.
          for (let i = 0; i < servers.length; i += 1) {
            const server = servers[(i + round) % servers.length];
            // The ceiling's answer is canned: one workload measures it.
            if (server.name === 'ceiling' && workload !== settings.workloads[0]) continue;
            if (server.skipped.has(workload)) continue;
            const key = `${server.name}|${workload}|${inFlight}`;
            const runs = results.get(key) ?? [];
            runs.push(await measure(server, workload, inFlight));
            results.set(key, runs);
          }
        }
      }
      log(`round ${round + 1}/${settings.rounds} done`);
    }
    report(servers, results);
  } finally {
    for (const server of servers) {
      server.client.close();
      await server.stop();
    }
  }
}

function report(servers, results) {
  const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
  const summary = (key) => {
    const runs = results.get(key);
    if (!runs) return undefined;
    const pick = (field) => median(runs.map((run) => run[field]));
    return {
      opsPerSecond: pick('opsPerSecond'),
      p50: pick('p50'),
      p99: pick('p99'),
      p999: pick('p999'),
      cpuPerKiloOps: pick('cpuPerKiloOps'),
      errors: runs.reduce((sum, run) => sum + run.errorCount, 0),
      errorTypes: [...new Set(runs.flatMap((run) => Object.keys(run.errors)))].join(' '),
    };
  };
  const lines = [
    `Medians of ${settings.rounds} interleaved rounds, ${settings.durationMs} ms each, ${settings.records} items in each table the workloads use.`,
    '',
    '| workload | in flight | server | ops/s | p50 ms | p99 ms | p99.9 ms | CPU s / 1k ops | errors | OpenDDB ×',
    '| --- | --: | --- | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const workload of settings.workloads) {
    for (const inFlight of settings.inFlight) {
      const ours = summary(`openddb|${workload}|${inFlight}`);
      for (const server of servers) {
        const name = server.name;
        const key = `${name}|${name === 'ceiling' ? settings.workloads[0] : workload}|${inFlight}`;
        const row = summary(key);
        if (!row) {
          const reason = server.skipped.get(workload);
          if (reason)
            lines.push(`| ${workload} | ${inFlight} | ${name} | skipped: ${reason} |||||||`);
          continue;
        }
        const ratio =
          ours && name !== 'openddb' ? `${fmt(ours.opsPerSecond / row.opsPerSecond, 2)}` : '';
        lines.push(
          `| ${workload} | ${inFlight} | ${name} | ${fmt(row.opsPerSecond, 0)} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} | ${fmt(row.p999, 2)} | ${fmt(row.cpuPerKiloOps, 3)} | ${row.errors}${row.errorTypes ? ` (${row.errorTypes})` : ''} | ${ratio} |`,
        );
      }
    }
  }
  lines.push(
    '',
    '"OpenDDB ×" is OpenDDB ops/s divided by that server\'s; for the ceiling, the share of it reached.',
    '',
  );
  lines.push('| server | peak RSS of the process tree (MB) |', '| --- | --: |');
  for (const server of servers)
    lines.push(`| ${server.name} | ${fmt(server.peakBytes / 2 ** 20, 0)} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const workload of settings.workloads) {
    for (const text of [WORKLOADS[workload].description]) log(`${workload}: ${text}`);
  }
}

await main();
