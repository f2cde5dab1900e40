// Runs the storage conformance suite against the LMDB engine, plus what only a durable engine has.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  StoreLockedError,
  StoreUnwritableError,
  openLmdbEngine,
} from '../../src/storage/lmdb/lmdb-engine.js';
import { runConformance, writeSync } from './conformance.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'openddb-lmdb-'));
}

runConformance('lmdb', async () => {
  const path = await tempDir();
  const engine = await openLmdbEngine({ path });
  return {
    engine,
    async dispose() {
      await engine.close();
      await rm(path, { recursive: true, force: true });
    },
  };
});

describe('lmdb engine: durability and ownership of the directory', () => {
  it('data survives close and reopen', async () => {
    const path = await tempDir();
    try {
      const first = await openLmdbEngine({ path });
      await writeSync(first, (tx) => tx.put(Uint8Array.of(1), Uint8Array.of(42)));
      await first.close();
      const second = await openLmdbEngine({ path });
      const value = await second.read((tx) => tx.get(Uint8Array.of(1)));
      assert.deepEqual([...value!], [42]);
      await second.close();
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('after a power cut that left a meta page on disk without its pages, opens at the last synced commit', async () => {
    // Commits are visible before their fsync ends (overlapping sync), so the disk can hold the
    // newest meta page but not the pages it points to. lmdb-js stamps each meta page with the
    // boot id and, when the first process after a reboot opens the file, rolls an unsynced one
    // back. Here the "torn" meta page points at an empty tree: picked, it would lose every item.
    const path = await tempDir();
    try {
      const first = await openLmdbEngine({ path });
      await writeSync(first, (tx) => tx.put(Uint8Array.of(1), Uint8Array.of(42)));
      await writeSync(first, (tx) => tx.put(Uint8Array.of(2), Uint8Array.of(43)));
      await first.close();
      await writeTornMetaPage(join(path, 'data.mdb'));

      const reopened = await openLmdbEngine({ path });
      const values = await reopened.read(async (tx) => [
        (await tx.get(Uint8Array.of(1)))?.[0],
        (await tx.get(Uint8Array.of(2)))?.[0],
      ]);
      assert.deepEqual(values, [42, 43]);
      await writeSync(reopened, (tx) => tx.put(Uint8Array.of(3), Uint8Array.of(44)));
      await reopened.close();
      const again = await openLmdbEngine({ path });
      assert.equal((await again.read((tx) => tx.get(Uint8Array.of(3))))?.[0], 44);
      await again.close();
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('a lock file whose transaction id fell behind the newest commit is set right', async () => {
    // What a foreign open can leave behind mid-commit, where LMDB's committing thread would wait
    // for the id forever (txn-id-watchdog.ts); here the test writes the stale id itself.
    const path = await tempDir();
    const engine = await openLmdbEngine({ path });
    try {
      await writeSync(engine, (tx) => tx.put(Uint8Array.of(1), Uint8Array.of(1)));
      await writeSync(engine, (tx) => tx.put(Uint8Array.of(2), Uint8Array.of(2)));
      const lockFile = join(path, 'lock.mdb');
      const newest = (await readFile(lockFile)).readBigUInt64LE(8);
      const stale = Buffer.alloc(8);
      stale.writeBigUInt64LE(newest - 1n);
      const handle = await open(lockFile, 'r+');
      await handle.write(stale, 0, 8, 8);
      await handle.close();
      const deadline = Date.now() + 10_000;
      while ((await readFile(lockFile)).readBigUInt64LE(8) !== newest) {
        assert.ok(Date.now() < deadline, 'the lock file was not set right within 10 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await writeSync(engine, (tx) => tx.put(Uint8Array.of(3), Uint8Array.of(3)));
      assert.equal((await engine.read((tx) => tx.get(Uint8Array.of(3))))?.[0], 3);
    } finally {
      await engine.close();
      await rm(path, { recursive: true, force: true });
    }
  });

  it('a second locking open of a directory fails with StoreLockedError; lock: false shares it', async () => {
    const path = await tempDir();
    try {
      const primary = await openLmdbEngine({ path });
      // Same process, so pretend to be another one: the lock names the owner by pid.
      await assert.rejects(openAsOtherProcess(path), (error: unknown) => {
        assert.ok(error instanceof StoreLockedError);
        assert.equal(error.ownerPid, process.pid);
        assert.match(error.message, /in use by another OpenDDB server/);
        return true;
      });
      const worker = await openLmdbEngine({ path, lock: false });
      await writeSync(primary, (tx) => tx.put(Uint8Array.of(7), Uint8Array.of(7)));
      assert.deepEqual([...(await worker.read((tx) => tx.get(Uint8Array.of(7))))!], [7]);
      await worker.close();
      await primary.close();
      // Closing released the lock: the next server may open it.
      const next = await openAsOtherProcess(path);
      await next.close();
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('a live server named in server.lock is refused before the environment is opened', async () => {
    const path = await tempDir();
    try {
      const primary = await openLmdbEngine({ path });
      const written = JSON.parse(await readFile(join(path, 'server.lock'), 'utf8'));
      assert.equal(written.pid, process.pid);
      await primary.close();
      await assert.rejects(readFile(join(path, 'server.lock')), { code: 'ENOENT' });

      // A directory with only the lock file: refused without creating (so opening) any LMDB file.
      const fresh = await tempDir();
      try {
        await writeFile(join(fresh, 'server.lock'), JSON.stringify(written));
        await assert.rejects(openAsOtherProcess(fresh), StoreLockedError);
        await assert.rejects(readFile(join(fresh, 'data.mdb')), { code: 'ENOENT' });
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('a directory that cannot be created fails with StoreUnwritableError', async () => {
    const dir = await tempDir();
    try {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a directory');
      await assert.rejects(openLmdbEngine({ path: join(file, 'data') }), (error: unknown) => {
        assert.ok(error instanceof StoreUnwritableError);
        assert.match(error.message, /is not writable/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('lmdb engine: opening beside other processes (StoreOpenGate)', () => {
  /** A gate whose entry the test opens by hand, and the commit hold it is handed. */
  function manualGate() {
    let admit = () => {};
    let holdCommits: (() => () => void) | undefined;
    const entered = new Promise<void>((resolve) => (admit = resolve));
    return {
      gate: { enter: () => entered, leave: (hold: () => () => void) => (holdCommits = hold) },
      admit: () => admit(),
      hold: () => holdCommits!(),
      get left() {
        return holdCommits !== undefined;
      },
    };
  }

  it('opens only once the gate lets it in, then leaves it with a commit hold', async () => {
    const path = await tempDir();
    try {
      const manual = manualGate();
      let opened = false;
      const opening = openLmdbEngine({ path, gate: manual.gate }).then((engine) => {
        opened = true;
        return engine;
      });
      await turns(3);
      assert.equal(opened, false);
      assert.equal(manual.left, false);
      manual.admit();
      const engine = await opening;
      assert.equal(manual.left, true);
      await engine.close();
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });

  it('a held engine starts no commit until every hold is released; queued writes then commit', async () => {
    const path = await tempDir();
    try {
      const manual = manualGate();
      manual.admit();
      const engine = await openLmdbEngine({ path, gate: manual.gate });
      const releaseFirst = manual.hold();
      const releaseSecond = manual.hold();
      let committed = false;
      const write = writeSync(engine, (tx) => tx.put(Uint8Array.of(9), Uint8Array.of(1))).then(
        () => (committed = true),
      );
      await turns(5);
      assert.equal(committed, false);
      releaseFirst();
      releaseFirst(); // idempotent: the second hold still stands
      await turns(5);
      assert.equal(committed, false);
      releaseSecond();
      await write;
      assert.deepEqual([...(await engine.read((tx) => tx.get(Uint8Array.of(9))))!], [1]);
      // Releasing the directory's lock at close is a commit too: it waits for the hold.
      const releaseLast = manual.hold();
      let closed = false;
      const closing = engine.close().then(() => (closed = true));
      await turns(5);
      assert.equal(closed, false);
      releaseLast();
      await closing;
    } finally {
      await rm(path, { recursive: true, force: true });
    }
  });
});

describe('lmdb engine: a process outside the tree opens the directory', () => {
  it('while commits run, none of them is lost', async () => {
    // Such an open can republish a stale transaction id (stale-txn-id.ts): the engine must notice
    // before it commits on it, publish the newest id again, and retry the batch.
    const path = await tempDir();
    const engine = await openLmdbEngine({ path });
    try {
      const acknowledged = [0, 0, 0, 0];
      let stopped = false;
      const writers = acknowledged.map(async (_, writer) => {
        const key = Uint8Array.of(0x10, writer);
        while (!stopped) {
          await engine.write(async (tx) => {
            const count = (await tx.get(key))?.[0] ?? 0;
            tx.put(key, Uint8Array.of((count + 1) % 256));
          });
          acknowledged[writer]! += 1;
        }
      });
      for (let open = 0; open < 40; open++) await openInAnotherProcess(path);
      stopped = true;
      await Promise.all(writers);
      for (const [writer, count] of acknowledged.entries()) {
        const stored = await engine.read((tx) => tx.get(Uint8Array.of(0x10, writer)));
        assert.equal(stored?.[0], count % 256, `writer ${writer} after ${count} writes`);
      }
    } finally {
      await engine.close();
      await rm(path, { recursive: true, force: true });
    }
  });
});

/** Opens and closes the environment at `path` from a plain lmdb-js process (bounded by a timeout). */
function openInAnotherProcess(path: string): Promise<void> {
  const script = `
    const { open } = require(process.argv[1]);
    open({ path: process.argv[2], noSubdir: false, keyEncoding: 'binary', encoding: 'binary',
      overlappingSync: true }).close().then(() => process.exit(0));`;
  const lmdb = createRequire(import.meta.url).resolve('lmdb');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, lmdb, path], { stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`the other process exited with ${code}`));
    });
  });
}

/** Lets the event loop run `count` times (a held commit would otherwise have run by then). */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Opens `path` with the lock while reporting another pid, as a second server process would. */
async function openAsOtherProcess(
  path: string,
): Promise<Awaited<ReturnType<typeof openLmdbEngine>>> {
  const realPid = process.pid;
  Object.defineProperty(process, 'pid', { value: realPid + 100_000, configurable: true });
  try {
    return await openLmdbEngine({ path });
  } finally {
    Object.defineProperty(process, 'pid', { value: realPid, configurable: true });
  }
}

/**
 * Rewrites the older of LMDB's two meta pages as the next commit's, written before its pages
 * reached the disk in another boot: main tree empty (root P_INVALID), flagged as not yet synced
 * (MDB_OVERLAPPINGSYNC), boot id changed. Offsets are those of `MDB_meta` in lmdb-js's mdb.c.
 */
async function writeTornMetaPage(file: string): Promise<void> {
  const data = await readFile(file);
  let header = 0;
  while (data.readUInt32LE(header) !== 0xbeefc0de) header += 8;
  const pageSize = data.readUInt32LE(header + 24);
  const txnId = (slot: number) => data.readBigUInt64LE(slot + 128);
  const [first, second] = [header, pageSize + header];
  const [newer, older] = txnId(first) > txnId(second) ? [first, second] : [second, first];
  data.copy(data, older, newer, newer + 144);
  data.writeBigUInt64LE(txnId(newer) + 1n, older + 128);
  data.writeUInt16LE(data.readUInt16LE(older + 28) | 0x1000, older + 28); // not synced
  data.writeBigUInt64LE(0n, older + 72 + 32); // main tree: no entries
  data.writeBigUInt64LE(0xffffffffffffffffn, older + 72 + 40); // main tree: no root page
  data.writeBigInt64LE(data.readBigInt64LE(older + 136) ^ 1n, older + 136); // another boot
  await writeFile(file, data);
}
