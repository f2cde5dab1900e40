// `openddb serve --workers N`: one port, one data directory, N serving processes: the primary and N-1 forks.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent } from 'node:http';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { rawRequest } from './helpers/raw-request.js';
import { createKeyedTable } from './helpers/tables.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
/** Generous bounds: they catch hangs, they do not measure speed. */
const LIMIT_MS = 30_000;
const LISTENING = /^OpenDDB (\S+) listening on (http:\/\/\S+) \((.+)\)$/m;
const linux = process.platform === 'linux' ? {} : { skip: 'finds worker processes through /proc' };

interface Tree {
  readonly child: ChildProcess;
  readonly endpoint: string;
  stdout(): string;
  stderr(): string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
let workDir: string;
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'openddb-workers-'));
});
after(async () => {
  for (const child of running) child.kill('SIGKILL');
  await rm(workDir, { recursive: true, force: true });
});

async function serve(args: string[]): Promise<Tree> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OPENDDB_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', ...args], {
    cwd: ROOT,
    env: { ...env, OPENDDB_LOG_LEVEL: 'error' },
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
  const endpoint = await until(() => out.match(LISTENING)?.[2], `startup line; stderr: ${err}`);
  return {
    child,
    endpoint,
    stdout: () => out,
    stderr: () => err,
    exited: () => within(exit, 'exit'),
  };
}

/** Polls `probe` (bounded) until it returns a value. */
async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string) {
  for (const deadline = Date.now() + LIMIT_MS; Date.now() < deadline; await delay(25)) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), LIMIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Live worker processes of `primary` (children running worker-main). */
async function workerPids(primary: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== primary || fields[0] === 'Z') continue;
      const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes('worker-main')) pids.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids.sort();
}

describe('serve --workers 2 on disk', linux, () => {
  let tree: Tree;
  let client: DynamoDBClient;
  before(async () => {
    tree = await serve(['--workers', '2', '--data', join(workDir, 'data'), '--port', '0']);
    // Many sockets, so that requests spread over both workers.
    const httpAgent = new Agent({ keepAlive: true, maxSockets: 64 });
    client = new DynamoDBClient({
      endpoint: tree.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTESTTEST', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent }),
    });
  });
  after(() => client?.destroy());

  test('prints one startup line and serves from the primary and one forked worker', async () => {
    assert.match(tree.stdout(), LISTENING);
    assert.equal(tree.stdout().trim().split('\n').length, 1);
    // The primary answers at once; the second worker is forked once it has answered.
    assert.equal((await rawRequest(tree.endpoint, 'ListTables', {})).status, 200);
    const pids = await until(async () => {
      const found = await workerPids(tree.child.pid!);
      return found.length === 1 ? found : undefined;
    }, 'the forked worker');
    assert.equal(pids.length, 1);
  });

  test('two workers never both win a conditional write on the same item', async () => {
    const TableName = `race-${Date.now().toString(36)}`;
    await createKeyedTable(client, TableName, ['pk', 'S']);
    for (let round = 0; round < 10; round += 1) {
      const attempts = Array.from({ length: 40 }, (_, writer) =>
        client.send(
          new PutItemCommand({
            TableName,
            Item: { pk: { S: `key-${round}` }, writer: { N: String(writer) } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      const outcomes = await Promise.allSettled(attempts);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: exactly one writer wins`);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          assert.ok(outcome.reason instanceof ConditionalCheckFailedException, outcome.reason);
        }
      }
    }
  });

  test('a worker that dies is restarted', async () => {
    const [victim] = await workerPids(tree.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await until(() => (/restarting/.test(tree.stderr()) ? true : undefined), 'restart notice');
    await until(async () => {
      const pids = await workerPids(tree.child.pid!);
      return pids.length === 1 && !pids.includes(victim!) ? pids : undefined;
    }, 'a replacement worker');
    const answer = await rawRequest(tree.endpoint, 'ListTables', {});
    assert.equal(answer.status, 200);
  });

  test('workers restarted under a write load lose no acknowledged write', async () => {
    // A store opened while another process commits can lose that commit (StoreOpenGate): each
    // replacement worker must open while the rest of the tree holds its commits.
    const TableName = `restarts-${Date.now().toString(36)}`;
    await createKeyedTable(client, TableName, ['pk', 'S']);
    const counters = 4;
    const acknowledged = new Array<number>(counters).fill(0);
    let stopped = false;
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      const counter = writer % counters;
      while (!stopped) {
        await client
          .send(
            new UpdateItemCommand({
              TableName,
              Key: { pk: { S: `counter-${counter}` } },
              UpdateExpression: 'ADD hits :one',
              ExpressionAttributeValues: { ':one': { N: '1' } },
            }),
          )
          // A request on a killed worker's connection fails: it was not acknowledged.
          .then(
            () => (acknowledged[counter]! += 1),
            () => undefined,
          );
      }
    });
    try {
      for (let restart = 0; restart < 3; restart += 1) {
        const [victim] = await until(async () => {
          const pids = await workerPids(tree.child.pid!);
          return pids.length === 1 ? pids : undefined;
        }, 'one worker');
        const before = acknowledged.reduce((sum, count) => sum + count, 0);
        await until(
          () =>
            acknowledged.reduce((sum, count) => sum + count, 0) > before + 20 ? true : undefined,
          'writes under way',
        );
        process.kill(victim!, 'SIGKILL');
        await until(async () => {
          const pids = await workerPids(tree.child.pid!);
          return pids.length === 1 && !pids.includes(victim!) ? pids : undefined;
        }, 'a replacement worker');
      }
    } finally {
      stopped = true;
      await Promise.all(writers);
    }
    for (let counter = 0; counter < counters; counter += 1) {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName,
          Key: { pk: { S: `counter-${counter}` } },
          ConsistentRead: true,
        }),
      );
      // At least every acknowledged increment (a failed request may still have been applied).
      assert.ok(
        Number(Item?.hits?.N ?? 0) >= acknowledged[counter]!,
        `counter ${counter}: ${Item?.hits?.N} stored, ${acknowledged[counter]} acknowledged`,
      );
    }
  });

  test('SIGINT drains every worker and the primary exits 0, even under load', async () => {
    const primary = tree.child.pid!;
    // Keep-alive connections stay busy until the servers close them: shutdown must not wait for them.
    let stopped = false;
    let answered = 0;
    const load = Array.from({ length: 8 }, async () => {
      while (!stopped) {
        await client.send(new ListTablesCommand({})).then(
          () => (answered += 1),
          () => (stopped = true),
        );
      }
    });
    await until(() => (answered >= 16 ? true : undefined), 'requests under way');
    tree.child.kill('SIGINT');
    assert.deepEqual(await tree.exited(), { code: 0, signal: null });
    stopped = true;
    await Promise.all(load);
    assert.deepEqual(await workerPids(primary), []);
  });
});

test('with no request coming, the workers are forked all the same', linux, async () => {
  const tree = await serve(['--workers', '2', '--data', join(workDir, 'idle'), '--port', '0']);
  const pids = await until(async () => {
    const found = await workerPids(tree.child.pid!);
    return found.length === 1 ? found : undefined;
  }, 'the forked worker');
  assert.equal(pids.length, 1);
  tree.child.kill('SIGTERM');
  assert.deepEqual(await tree.exited(), { code: 0, signal: null });
});

test('--in-memory runs one process and says why', async () => {
  const tree = await serve(['--in-memory', '--workers', '4', '--port', '0']);
  assert.match(tree.stderr(), /--in-memory runs 1 worker, not 4/);
  assert.equal((await rawRequest(tree.endpoint, 'ListTables', {})).status, 200);
  tree.child.kill('SIGTERM');
  assert.deepEqual(await tree.exited(), { code: 0, signal: null });
});

test('a bad worker count is a usage error', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--workers', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await within(new Promise((resolve) => child.on('exit', resolve)), 'exit');
  assert.equal(code, 2);
  assert.match(err, /invalid worker count '0'/);
});
