// Triggers through the command line: `serve --triggers` / OPENDDB_TRIGGERS, `serve --admin-token`
// with `openddb triggers list|create|update|delete`, and delivery that resumes after kill -9.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const LIMIT_MS = 30_000;
const TOKEN = 'cli-secret';
// Appends each record's key to log.txt, slowly enough that a kill lands mid-stream.
const HANDLER = `
import { appendFileSync } from 'node:fs';
export async function handler(event) {
  const dir = new URL('.', import.meta.url).pathname;
  for (const r of event.Records) appendFileSync(dir + 'log.txt', r.dynamodb.Keys.pk.S + '\\n');
  await new Promise((resolve) => setTimeout(resolve, 30));
  return {};
}
`;

const children = new Set<ChildProcess>();
const dirs: string[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OPENDDB_')),
  );
  return { ...env, ...extra };
}

/** Starts `openddb serve` and resolves with its endpoint once it prints the startup line. */
async function serve(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'serve', '--port', '0', ...args],
    {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no startup line: ${err}`)), LIMIT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
  return { child, endpoint };
}

/** Runs `openddb triggers …` to completion. */
function triggersCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'triggers', ...args], {
    cwd: ROOT,
    env: cleanEnv({}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'openddb-cli-triggers-'));
  dirs.push(dir);
  LAST_DIR = dir;
  await writeFile(join(dir, 'handler.mjs'), HANDLER);
  return dir;
}

function client(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  });
}

async function createTable(db: DynamoDBClient, name: string): Promise<string> {
  const created = await db.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    }),
  );
  return created.TableDescription!.LatestStreamArn!;
}

let LAST_DIR = '';
async function logged(dir: string): Promise<string[]> {
  const path = join(dir, 'log.txt');
  return existsSync(path) ? (await readFile(path, 'utf8')).split('\n').filter(Boolean) : [];
}

/** Polls (bounded) until `check` holds. */
async function until(
  check: () => Promise<boolean>,
  what: string,
  limitMs = LIMIT_MS,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${(await logged(LAST_DIR)).join(',')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}

test('openddb triggers list/create/update/delete through the admin API', async () => {
  const dir = await workDir();
  const { child, endpoint } = await serve(['--in-memory'], { OPENDDB_ADMIN_TOKEN: TOKEN });
  const db = client(endpoint);
  try {
    const arn = await createTable(db, 'cli-admin');
    const auth = ['--endpoint', endpoint, '--admin-token', TOKEN];
    const created = await triggersCli([
      'create',
      ...auth,
      '--event-source-arn',
      arn,
      '--function-name',
      join(dir, 'handler.mjs'),
      '--batch-size',
      '5',
    ]);
    assert.equal(created.code, 0, created.stderr);
    const uuid = JSON.parse(created.stdout).UUID as string;
    const listed = await triggersCli(['list', ...auth]);
    assert.deepEqual(
      JSON.parse(listed.stdout).EventSourceMappings.map((m: { UUID: string }) => m.UUID),
      [uuid],
    );
    await db.send(new PutItemCommand({ TableName: 'cli-admin', Item: { pk: { S: 'x' } } }));
    await until(async () => (await logged(dir)).includes('x'), 'delivery of x');
    const updated = await triggersCli(['update', uuid, ...auth, '--enabled', 'false']);
    assert.equal(JSON.parse(updated.stdout).State, 'Disabled');
    const deleted = await triggersCli(['delete', uuid, ...auth]);
    assert.equal(JSON.parse(deleted.stdout).State, 'Deleting');
    const wrong = await triggersCli(['list', '--endpoint', endpoint, '--admin-token', 'bad']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /403/);
  } finally {
    db.destroy();
    await stop(child, 'SIGTERM');
  }
});

test('triggers resume after kill -9: at least once, in order, no gap', async () => {
  const dir = await workDir();
  const file = join(dir, 'triggers.json');
  const mapping = { name: 'killed', tableName: 'cli-kill', handler: './handler.mjs', BatchSize: 1 };
  await writeFile(file, JSON.stringify({ triggers: [mapping] }));
  const args = ['--data', join(dir, 'data'), '--workers', '1'];
  let server = await serve([...args, '--triggers', file]);
  let db = client(server.endpoint);
  const keys = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
  await createTable(db, 'cli-kill');
  for (const pk of keys) {
    await db.send(new PutItemCommand({ TableName: 'cli-kill', Item: { pk: { S: pk } } }));
  }
  await until(async () => (await logged(dir)).length >= 5, 'the first deliveries');
  db.destroy();
  await stop(server.child, 'SIGKILL');
  const beforeKill = (await logged(dir)).length;
  assert.ok(beforeKill < keys.length, 'killed mid-stream');
  // Restarted with the file from the environment this time (OPENDDB_TRIGGERS).
  server = await serve(args, { OPENDDB_TRIGGERS: file });
  db = client(server.endpoint);
  try {
    // The killed process's job lease (30 s) must lapse before the new process takes over.
    const leaseLapseMs = 30_000;
    await until(
      async () => (await logged(dir)).includes(keys.at(-1)!),
      'the last key',
      leaseLapseMs + LIMIT_MS,
    );
    const log = await logged(dir);
    let highest = -1;
    for (const key of log) {
      const index = keys.indexOf(key);
      assert.ok(index <= highest + 1, `no gap: ${key} after ${keys[highest] ?? 'nothing'}`);
      highest = Math.max(highest, index);
    }
    assert.deepEqual([...new Set(log)], keys, 'every key, first seen in order');
  } finally {
    db.destroy();
    await stop(server.child, 'SIGTERM');
  }
});
