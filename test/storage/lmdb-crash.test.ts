// The LMDB engine under process death and across processes: kill -9 mid-load, two writers at once.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openLmdbEngine } from '../../src/storage/lmdb/lmdb-engine.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const encoder = new TextEncoder();

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line matching, or rejects if the child exits first. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  readonly lines: string[];
  readonly exited: Promise<number | null>;
}

function spawnFixture(name: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture(name), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.match(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  return {
    process: child,
    lines,
    exited,
    waitForLine(match) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then((code) => reject(new Error(`${name} exited (${code}) before the line`)));
      });
    },
  };
}

/** Every stdout line has been read once the stream ends. */
async function allOutput(child: Child): Promise<string[]> {
  if (!child.process.stdout!.readableEnded) {
    await new Promise((resolve) => child.process.stdout!.once('end', resolve));
  }
  return child.lines;
}

describe('lmdb engine across processes', () => {
  it(
    'every write acknowledged before kill -9 is there after reopening, each one whole',
    { timeout: 90_000 },
    async () => {
      const path = await mkdtemp(join(tmpdir(), 'openddb-crash-'));
      const child = spawnFixture('lmdb-writer.ts', [path]);
      try {
        await child.waitForLine((line) => line === 'ack 600');
        child.process.kill('SIGKILL');
        await child.exited;
        const acknowledged = (await allOutput(child))
          .filter((line) => line.startsWith('ack '))
          .map((line) => Number(line.slice(4)));
        assert.ok(acknowledged.length >= 600);

        // Reopening with the lock also proves a dead server's lock is taken over.
        const engine = await openLmdbEngine({ path });
        try {
          const missing = await engine.read(async (tx) => {
            const absent: number[] = [];
            for (const n of acknowledged) {
              if ((await tx.get(encoder.encode(`a/${n}`))) === undefined) absent.push(n);
            }
            return absent;
          });
          assert.deepEqual(missing, []);
          const partial = await engine.read(async (tx) => {
            const counts = new Map<string, number>();
            for await (const entry of tx.scan({})) {
              const n = new TextDecoder().decode(entry.key).slice(2);
              counts.set(n, (counts.get(n) ?? 0) + 1);
            }
            return [...counts].filter(([, count]) => count !== 3);
          });
          assert.deepEqual(partial, [], 'every transaction is all three keys or none');
        } finally {
          await engine.close();
        }
      } finally {
        child.process.kill('SIGKILL');
        await rm(path, { recursive: true, force: true });
      }
    },
  );

  it('two processes incrementing one counter lose no increment', { timeout: 120_000 }, async () => {
    const path = await mkdtemp(join(tmpdir(), 'openddb-two-'));
    const increments = 150;
    const children = ['p1', 'p2'].map((name) =>
      spawnFixture('lmdb-counter.ts', [path, name, String(increments)]),
    );
    try {
      await Promise.all(children.map((child) => child.waitForLine((line) => line === 'ready')));
      for (const child of children) child.process.stdin!.end('go\n');
      const codes = await Promise.all(children.map((child) => child.exited));
      assert.deepEqual(codes, [0, 0]);
      for (const child of children) assert.ok(child.lines.includes(`done ${increments}`));
      const engine = await openLmdbEngine({ path, lock: false });
      try {
        const [counter, records] = await engine.read(async (tx) => {
          const stored = await tx.get(encoder.encode('counter'));
          let count = 0;
          for await (const _ of tx.scan({
            start: encoder.encode('record/'),
            end: encoder.encode('record0'),
          }))
            count++;
          return [new DataView(stored!.buffer, stored!.byteOffset).getUint32(0), count];
        });
        assert.equal(counter, 2 * increments);
        assert.equal(records, 2 * increments);
      } finally {
        await engine.close();
      }
    } finally {
      for (const child of children) child.process.kill('SIGKILL');
      await rm(path, { recursive: true, force: true });
    }
  });
});
