// Runs the storage conformance suite against the LMDB engine, plus what only a durable engine has.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
