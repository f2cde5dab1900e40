// The one suite every storage engine must pass; each engine's test file runs it with its factory.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  Bytes,
  Entry,
  ScanOptions,
  StorageEngine,
  WriteTransaction,
} from '../../src/storage/engine.js';
import { FaultInjectingEngine, InjectedFault } from '../../src/storage/fault-injecting-engine.js';
import { MAX_KEY_BYTES } from '../../src/storage/key-limits.js';
import { acquireLease, releaseLease } from '../../src/storage/lease.js';
import {
  currentSequenceValue,
  decodeUint64,
  nextSequenceValue,
} from '../../src/storage/sequence.js';

export interface EngineHarness {
  readonly engine: StorageEngine;
  /** Closes the engine and removes whatever it left behind. */
  dispose(): Promise<void>;
}

/** Tests an engine may skip, each with the reason written down. */
export type Skips = Readonly<Record<string, string>>;

const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Binary keys chosen to catch signed compares, prefix order and 0x00 / 0xff edges. */
const KEYS = [
  b(0x00),
  b(0x00, 0x00),
  b(0x00, 0x01),
  b(0x00, 0xff),
  b(0x01),
  b(0x01, 0x00),
  b(0x7f, 0xff),
  b(0x80),
  b(0x80, 0x00, 0x00),
  b(0xfe, 0xff),
  b(0xff),
  b(0xff, 0x00),
  b(0xff, 0xff),
];
/** Bounds: every key, points between keys, and the empty key. */
const BOUNDS: (Uint8Array | undefined)[] = [
  undefined,
  b(),
  ...KEYS,
  b(0x00, 0x00, 0x00),
  b(0x01, 0x00, 0x00),
  b(0x7f),
  b(0xff, 0xff, 0xff),
];

async function collect(iterable: AsyncIterable<Entry>): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of iterable) keys.push(`${hex(entry.key)}=${hex(entry.value)}`);
  return keys;
}

/** What a scan must return, computed from a sorted list of keys whose values are the keys. */
function expectedScan(keys: Uint8Array[], options: ScanOptions): string[] {
  const { start, end } = options;
  let selected = keys
    .filter((key) => start === undefined || Buffer.compare(key, start) >= 0)
    .filter((key) => end === undefined || Buffer.compare(key, end) < 0)
    .sort((x, y) => Buffer.compare(x, y));
  if (options.reverse === true) selected = selected.reverse();
  if (options.limit !== undefined) selected = selected.slice(0, Math.max(0, options.limit));
  return selected.map((key) => `${hex(key)}=${hex(key)}`);
}

/** A write whose body needs no reads (so no await). */
export function writeSync(
  engine: StorageEngine,
  body: (tx: WriteTransaction) => void,
): Promise<void> {
  return engine.write((tx) => {
    body(tx);
    return Promise.resolve();
  });
}

async function putAll(engine: StorageEngine, keys: Uint8Array[]): Promise<void> {
  await writeSync(engine, (tx) => {
    for (const key of keys) tx.put(key, key);
  });
}

async function readValue(engine: StorageEngine, key: Bytes): Promise<string | undefined> {
  const value = await engine.read((tx) => tx.get(key));
  return value === undefined ? undefined : new TextDecoder().decode(value);
}

function counterValue(bytes: Bytes | undefined): number {
  return bytes === undefined ? 0 : new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
}

function counterBytes(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

export function runConformance(
  name: string,
  open: () => Promise<EngineHarness>,
  skips: Skips = {},
): void {
  /** One test on a fresh engine. */
  const test = (title: string, body: (engine: StorageEngine) => Promise<void>): void => {
    const reason = skips[title];
    it(title, reason === undefined ? {} : { skip: reason }, async () => {
      const harness = await open();
      try {
        await body(harness.engine);
      } finally {
        await harness.dispose();
      }
    });
  };

  describe(`storage conformance: ${name}`, () => {
    describe('get, put, delete', () => {
      test('an absent key reads as undefined', async (engine) => {
        assert.equal(await engine.read((tx) => tx.get(text('nothing'))), undefined);
      });

      test('put, overwrite and delete are visible to later reads', async (engine) => {
        const key = text('k');
        await writeSync(engine, (tx) => tx.put(key, text('one')));
        assert.equal(await readValue(engine, key), 'one');
        await writeSync(engine, (tx) => tx.put(key, text('two')));
        assert.equal(await readValue(engine, key), 'two');
        await writeSync(engine, (tx) => tx.delete(key));
        assert.equal(await readValue(engine, key), undefined);
        await writeSync(engine, (tx) => tx.delete(key)); // deleting an absent key is a no-op
        assert.equal(await readValue(engine, key), undefined);
      });

      test('an empty value is stored and read back as empty, not absent', async (engine) => {
        await writeSync(engine, (tx) => tx.put(text('empty'), b()));
        const value = await engine.read((tx) => tx.get(text('empty')));
        assert.ok(value !== undefined);
        assert.equal(value.length, 0);
      });

      test('keys differing only in trailing 0x00 bytes are distinct', async (engine) => {
        await putAll(engine, [b(0x05), b(0x05, 0x00), b(0x05, 0x00, 0x00)]);
        const values = await engine.read(async (tx) => [
          await tx.get(b(0x05)),
          await tx.get(b(0x05, 0x00)),
          await tx.get(b(0x05, 0x00, 0x00)),
          await tx.get(b(0x05, 0x00, 0x00, 0x00)),
        ]);
        assert.deepEqual(
          values.map((value) => (value === undefined ? undefined : hex(value))),
          ['05', '0500', '050000', undefined],
        );
      });

      test('the longest allowed key works; longer or empty keys throw and commit nothing', async (engine) => {
        const longest = new Uint8Array(MAX_KEY_BYTES).fill(0xab);
        await writeSync(engine, (tx) => tx.put(longest, text('max')));
        assert.equal(await readValue(engine, longest), 'max');
        for (const bad of [new Uint8Array(MAX_KEY_BYTES + 1).fill(0xab), b()]) {
          await assert.rejects(
            writeSync(engine, (tx) => {
              tx.put(text('before'), text('x'));
              tx.put(bad, text('too long'));
            }),
            /storage key/,
          );
        }
        assert.equal(await readValue(engine, text('before')), undefined);
        const tooLong = new Uint8Array(MAX_KEY_BYTES + 1);
        assert.equal(await engine.read((tx) => tx.get(tooLong)), undefined);
      });

      test('the write function’s result is returned and its error rethrown', async (engine) => {
        assert.equal(await engine.write(() => Promise.resolve(42)), 42);
        assert.equal(await engine.read(() => Promise.resolve('r')), 'r');
        await assert.rejects(
          engine.write(async () => Promise.reject(new Error('boom'))),
          /boom/,
        );
        await assert.rejects(
          engine.read(async () => Promise.reject(new Error('bang'))),
          /bang/,
        );
      });

      test('a large data set (8 MB) is written and scanned whole', async (engine) => {
        const value = new Uint8Array(4096).fill(7);
        for (let batch = 0; batch < 8; batch++) {
          await writeSync(engine, (tx) => {
            for (let i = 0; i < 256; i++)
              tx.put(text(`big/${batch}/${String(i).padStart(3, '0')}`), value);
          });
        }
        const count = await engine.read(async (tx) => {
          let entries = 0;
          for await (const entry of tx.scan({ start: text('big/'), end: text('big0') })) {
            assert.equal(entry.value.length, 4096);
            entries++;
          }
          return entries;
        });
        assert.equal(count, 2048);
      });
    });

    describe('scans', () => {
      test('every combination of bounds, direction and limit matches the model', async (engine) => {
        await putAll(engine, KEYS);
        const failures: string[] = [];
        await engine.read(async (tx) => {
          for (const start of BOUNDS) {
            for (const end of BOUNDS) {
              for (const reverse of [false, true]) {
                for (const limit of [undefined, 0, 1, 2, 100]) {
                  const options: ScanOptions = { start, end, reverse, limit };
                  const actual = await collect(tx.scan(options));
                  const expected = expectedScan(KEYS, options);
                  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
                    const shown = { ...options, start: start && hex(start), end: end && hex(end) };
                    failures.push(
                      `${JSON.stringify(shown)}: ${actual.join(' ')} ≠ ${expected.join(' ')}`,
                    );
                  }
                }
              }
            }
          }
        });
        assert.deepEqual(failures.slice(0, 5), []);
      });

      test('a scan of an empty store or an empty range yields nothing', async (engine) => {
        assert.deepEqual(await engine.read((tx) => collect(tx.scan({}))), []);
        assert.deepEqual(await engine.read((tx) => collect(tx.scan({ reverse: true }))), []);
        await putAll(engine, KEYS);
        const empty = await engine.read(async (tx) => [
          ...(await collect(tx.scan({ start: b(0x02), end: b(0x03) }))),
          ...(await collect(tx.scan({ start: b(0x80), end: b(0x80) }))),
          ...(await collect(tx.scan({ start: b(0xff), end: b(0x01) }))),
          ...(await collect(tx.scan({ start: b(0x02), end: b(0x03), reverse: true }))),
        ]);
        assert.deepEqual(empty, []);
      });

      test('a scan can stop early and be iterated again', async (engine) => {
        await putAll(engine, KEYS);
        await engine.read(async (tx) => {
          const scan = tx.scan({ start: b(0x01) });
          for await (const entry of scan) {
            assert.equal(hex(entry.key), '01');
            break;
          }
          assert.deepEqual(await collect(scan), expectedScan(KEYS, { start: b(0x01) }));
        });
      });
    });

    describe('transactions', () => {
      test('a write transaction reads its own puts and deletes (get and scan)', async (engine) => {
        await putAll(engine, [b(0x10), b(0x20), b(0x30), b(0x40)]);
        await engine.write(async (tx) => {
          tx.put(b(0x25), b(0x25));
          tx.put(b(0x30), b(0x99));
          tx.delete(b(0x20));
          tx.put(b(0x05), b(0x05));
          tx.put(b(0x50), b(0x50));
          tx.delete(b(0x50));
          assert.equal(await tx.get(b(0x20)), undefined);
          assert.equal(hex((await tx.get(b(0x30)))!), '99');
          assert.equal(hex((await tx.get(b(0x25)))!), '25');
          assert.equal(await tx.get(b(0x50)), undefined);
          assert.deepEqual(await collect(tx.scan({})), [
            '05=05',
            '10=10',
            '25=25',
            '30=99',
            '40=40',
          ]);
          assert.deepEqual(await collect(tx.scan({ reverse: true, limit: 3 })), [
            '40=40',
            '30=99',
            '25=25',
          ]);
          assert.deepEqual(await collect(tx.scan({ start: b(0x11), end: b(0x40) })), [
            '25=25',
            '30=99',
          ]);
          assert.deepEqual(
            await collect(tx.scan({ start: b(0x11), end: b(0x40), reverse: true })),
            ['30=99', '25=25'],
          );
        });
        assert.deepEqual(await engine.read((tx) => collect(tx.scan({}))), [
          '05=05',
          '10=10',
          '25=25',
          '30=99',
          '40=40',
        ]);
      });

      test('a read that started before a write commits does not see it', async (engine) => {
        await putAll(engine, [b(0x01), b(0x02)]);
        await engine.read(async (tx) => {
          assert.equal(hex((await tx.get(b(0x01)))!), '01');
          const iterator = tx.scan({})[Symbol.asyncIterator]();
          assert.equal(hex((await iterator.next()).value!.key), '01');
          await writeSync(engine, (w) => {
            w.put(b(0x01), b(0xaa));
            w.delete(b(0x02));
            w.put(b(0x03), b(0x03));
          });
          assert.equal(hex((await tx.get(b(0x01)))!), '01');
          assert.equal(hex((await tx.get(b(0x02)))!), '02');
          assert.equal(await tx.get(b(0x03)), undefined);
          assert.equal(hex((await iterator.next()).value!.key), '02'); // a scan begun before
          assert.equal((await iterator.next()).done, true);
          assert.deepEqual(await collect(tx.scan({})), ['01=01', '02=02']); // and one begun after
        });
        assert.deepEqual(await engine.read((tx) => collect(tx.scan({}))), ['01=aa', '03=03']);
      });

      test('a read that starts after a write resolves sees it', async (engine) => {
        for (let i = 1; i <= 20; i++) {
          await writeSync(engine, (tx) => tx.put(text('n'), counterBytes(i)));
          assert.equal(counterValue(await engine.read((tx) => tx.get(text('n')))), i);
        }
      });

      test('a write function that throws commits nothing', async (engine) => {
        await putAll(engine, [b(0x01)]);
        await assert.rejects(
          engine.write(async (tx) => {
            tx.put(b(0x02), b(0x02));
            tx.delete(b(0x01));
            await tx.get(b(0x01));
            throw new Error('abort');
          }),
          /abort/,
        );
        assert.deepEqual(await engine.read((tx) => collect(tx.scan({}))), ['01=01']);
      });

      test('50 concurrent read-increment-write transactions count to 50', async (engine) => {
        const key = text('counter');
        await Promise.all(
          Array.from({ length: 50 }, () =>
            engine.write(async (tx) => {
              const current = counterValue(await tx.get(key));
              tx.put(key, counterBytes(current + 1));
            }),
          ),
        );
        assert.equal(counterValue(await engine.read((tx) => tx.get(key))), 50);
      });

      test('concurrent transfers keep the total constant, also for concurrent readers', async (engine) => {
        const accounts = Array.from({ length: 8 }, (_, i) => text(`acct/${i}`));
        await writeSync(engine, (tx) => {
          for (const account of accounts) tx.put(account, counterBytes(100));
        });
        const total = (): Promise<number> =>
          engine.read(async (tx) => {
            let sum = 0;
            for await (const entry of tx.scan({ start: text('acct/'), end: text('acct0') })) {
              sum += counterValue(entry.value);
            }
            return sum;
          });
        let seed = 7;
        const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
        const transfers = Array.from({ length: 80 }, () => {
          const from = accounts[random(accounts.length)]!;
          const to = accounts[random(accounts.length)]!;
          return engine.write(async (tx) => {
            const a = counterValue(await tx.get(from));
            if (a === 0 || from === to) return;
            tx.put(from, counterBytes(a - 1));
            const c = counterValue(await tx.get(to));
            tx.put(to, counterBytes(c + 1));
          });
        });
        const readers = Array.from({ length: 20 }, () => total());
        const [sums] = await Promise.all([Promise.all(readers), Promise.all(transfers)]);
        assert.deepEqual(new Set(sums), new Set([800]));
        assert.equal(await total(), 800);
      });

      test('write skew is prevented: of two on-call doctors at least one stays', async (engine) => {
        for (let round = 0; round < 10; round++) {
          const alice = text(`oncall/${round}/alice`);
          const bob = text(`oncall/${round}/bob`);
          await writeSync(engine, (tx) => {
            tx.put(alice, b(1));
            tx.put(bob, b(1));
          });
          const goOff = (me: Uint8Array): Promise<void> =>
            engine.write(async (tx) => {
              let onCall = 0;
              for await (const entry of tx.scan({
                start: text(`oncall/${round}/`),
                end: text(`oncall/${round}0`),
              })) {
                onCall += entry.value[0]!;
              }
              if (onCall >= 2) tx.put(me, b(0));
            });
          await Promise.all([goOff(alice), goOff(bob)]);
          const state = await engine.read(
            async (tx) => (await tx.get(alice))![0]! + (await tx.get(bob))![0]!,
          );
          assert.equal(state, 1, `round ${round}`);
        }
      });

      test('phantoms are prevented: concurrent count-then-insert makes distinct entries', async (engine) => {
        const prefix = 'phantom/';
        await Promise.all(
          Array.from({ length: 20 }, () =>
            engine.write(async (tx) => {
              let count = 0;
              for await (const _ of tx.scan({ start: text(prefix), end: text('phantom0') }))
                count++;
              tx.put(text(`${prefix}${String(count).padStart(3, '0')}`), b(count));
            }),
          ),
        );
        const count = await engine.read(
          async (tx) =>
            (await collect(tx.scan({ start: text(prefix), end: text('phantom0') }))).length,
        );
        assert.equal(count, 20);
      });

      test('appends after the last key (reverse scan, limit 1) never collide', async (engine) => {
        const start = text('log/');
        const end = text('log0');
        await Promise.all(
          Array.from({ length: 20 }, () =>
            engine.write(async (tx) => {
              let last = -1;
              for await (const entry of tx.scan({ start, end, reverse: true, limit: 1 })) {
                last = entry.value[0]!;
              }
              tx.put(text(`log/${String(last + 1).padStart(3, '0')}`), b(last + 1));
            }),
          ),
        );
        const values = await engine.read(async (tx) => {
          const seen: number[] = [];
          for await (const entry of tx.scan({ start, end })) seen.push(entry.value[0]!);
          return seen;
        });
        assert.deepEqual(
          values,
          Array.from({ length: 20 }, (_, i) => i),
        );
      });

      test('a read-only write transaction returns what it read', async (engine) => {
        await putAll(engine, [b(0x01)]);
        const value = await engine.write(async (tx) => tx.get(b(0x01)));
        assert.equal(hex(value!), '01');
      });
    });

    describe('sequences', () => {
      test('start at 1, rise by one, and are independent per name', async (engine) => {
        const values = [];
        for (let i = 0; i < 3; i++)
          values.push(await engine.write((tx) => nextSequenceValue(tx, 'a')));
        values.push(await engine.write((tx) => nextSequenceValue(tx, 'b')));
        assert.deepEqual(values, [1n, 2n, 3n, 1n]);
        assert.equal(
          await engine.write(async (tx) => {
            await nextSequenceValue(tx, 'a');
            return nextSequenceValue(tx, 'a');
          }),
          5n,
        );
      });

      test('concurrent allocations are distinct and gap-free; an aborted one is given back', async (engine) => {
        await assert.rejects(
          engine.write(async (tx) => {
            await nextSequenceValue(tx, 's');
            throw new Error('abort');
          }),
        );
        const values = await Promise.all(
          Array.from({ length: 30 }, () => engine.write((tx) => nextSequenceValue(tx, 's'))),
        );
        assert.deepEqual(
          [...values].sort((x, y) => Number(x - y)),
          Array.from({ length: 30 }, (_, i) => BigInt(i + 1)),
        );
      });

      test('putWithSequence numbers entries at commit, in commit order, after nextSequenceValue', async (engine) => {
        await engine.write((tx) => nextSequenceValue(tx, 'log'));
        await writeSync(engine, (tx) => {
          tx.putWithSequence(b(0x04, 0x01), 'log', text('a'));
          tx.putWithSequence(b(0x04, 0x01), 'log', text('b'));
          tx.put(b(0x05), text('plain'));
        });
        assert.equal(await engine.write((tx) => nextSequenceValue(tx, 'log')), 4n);
        await writeSync(engine, (tx) => tx.putWithSequence(b(0x04, 0x02), 'log', text('c')));
        const entries = await engine.read(async (tx) => {
          const found: string[] = [];
          for await (const { key, value } of tx.scan({ start: b(0x04), end: b(0x05) })) {
            const sequence = decodeUint64(key.subarray(2));
            found.push(`${key[1]}:${sequence}=${new TextDecoder().decode(value)}`);
          }
          return found;
        });
        assert.deepEqual(entries, ['1:2=a', '1:3=b', '2:5=c']);
        assert.equal(await engine.read((tx) => currentSequenceValue(tx, 'log')), 5n);
      });

      test('concurrent putWithSequence writers all commit, with distinct gap-free numbers', async (engine) => {
        await assert.rejects(
          engine.write((tx) => {
            tx.putWithSequence(b(0x04), 'q', text('lost'));
            return Promise.reject(new Error('abort'));
          }),
        );
        await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            writeSync(engine, (tx) => tx.putWithSequence(b(0x04), 'q', counterBytes(i))),
          ),
        );
        const numbers = await engine.read(async (tx) => {
          const found: bigint[] = [];
          for await (const { key } of tx.scan({ start: b(0x04), end: b(0x05) }))
            found.push(decodeUint64(key.subarray(1)));
          return found;
        });
        assert.deepEqual(
          numbers,
          Array.from({ length: 30 }, (_, i) => BigInt(i + 1)),
        );
      });

      test('putWithSequence rejects a prefix too long for any key', async (engine) => {
        await assert.rejects(
          writeSync(engine, (tx) =>
            tx.putWithSequence(new Uint8Array(MAX_KEY_BYTES - 7).fill(1), 'z', b(1)),
          ),
        );
        assert.equal(await engine.read((tx) => currentSequenceValue(tx, 'z')), 0n);
      });

      test('sequence and lease records stay under the reserved 0x00 prefix', async (engine) => {
        await engine.write((tx) => nextSequenceValue(tx, 'x'));
        await acquireLease(engine, 'job', 'me', 1000, 0);
        const keys = await engine.read(async (tx) =>
          (await collect(tx.scan({}))).map((e) => e.slice(0, 2)),
        );
        assert.deepEqual(keys, ['00', '00']);
      });
    });

    describe('leases', () => {
      test('a lease is exclusive until it expires, renewable by its owner', async (engine) => {
        assert.equal(await acquireLease(engine, 'ttl', 'a', 1000, 10_000), true);
        assert.equal(await acquireLease(engine, 'ttl', 'b', 1000, 10_500), false);
        assert.equal(await acquireLease(engine, 'ttl', 'a', 1000, 10_900), true); // renewed to 11_900
        assert.equal(await acquireLease(engine, 'ttl', 'b', 1000, 11_500), false);
        assert.equal(await acquireLease(engine, 'ttl', 'b', 1000, 11_900), true); // expired
        assert.equal(await acquireLease(engine, 'other', 'a', 1000, 11_900), true); // per name
      });

      test('release frees the lease only for its owner', async (engine) => {
        assert.equal(await acquireLease(engine, 'job', 'a', 60_000, 0), true);
        await releaseLease(engine, 'job', 'b');
        assert.equal(await acquireLease(engine, 'job', 'b', 60_000, 1), false);
        await releaseLease(engine, 'job', 'a');
        assert.equal(await acquireLease(engine, 'job', 'b', 60_000, 2), true);
      });

      test('of many concurrent contenders exactly one wins', async (engine) => {
        const wins = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            acquireLease(engine, 'race', `owner-${i}`, 60_000, 5),
          ),
        );
        assert.equal(wins.filter(Boolean).length, 1);
      });
    });

    describe('fault injection', () => {
      test('a fault at the Nth put, at commit or at a read leaves nothing half-written', async (inner) => {
        const engine = new FaultInjectingEngine(inner);
        await putAll(engine, [b(0x01)]);
        const writeFive = (): Promise<void> =>
          engine.write(async (tx) => {
            await tx.get(b(0x01));
            for (let i = 0x10; i < 0x15; i++) tx.put(b(i), b(i));
            tx.delete(b(0x01));
            for await (const _ of tx.scan({})) break;
          });
        for (const [point, nth] of [
          ['put', 3],
          ['put', 6],
          ['commit', 1],
          ['read', 1],
          ['read', 2],
        ] as const) {
          engine.failAt(point, nth);
          await assert.rejects(
            writeFive(),
            (error: unknown) => error instanceof InjectedFault && error.point === point,
          );
          assert.deepEqual(
            await engine.read((tx) => collect(tx.scan({}))),
            ['01=01'],
            `${point} #${nth}`,
          );
        }
        await writeFive();
        assert.deepEqual(await engine.read((tx) => collect(tx.scan({}))), [
          '10=10',
          '11=11',
          '12=12',
          '13=13',
          '14=14',
        ]);
      });

      test('a fault in a read transaction surfaces and the engine stays usable', async (inner) => {
        const engine = new FaultInjectingEngine(inner);
        await putAll(engine, [b(0x01)]);
        engine.failAt('read', 1);
        await assert.rejects(
          engine.read((tx) => tx.get(b(0x01))),
          InjectedFault,
        );
        assert.equal(hex((await engine.read((tx) => tx.get(b(0x01))))!), '01');
      });
    });

    describe('lifecycle', () => {
      test('a closed engine refuses new transactions', async (engine) => {
        await engine.close();
        await assert.rejects(
          engine.read(() => Promise.resolve(1)),
          /closed/,
        );
        await assert.rejects(
          engine.write(() => Promise.resolve(1)),
          /closed/,
        );
      });
    });
  });
}
