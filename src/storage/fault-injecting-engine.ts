// A wrapper engine that fails on command, to prove a failed write leaves nothing half-written.

import type {
  Bytes,
  Entry,
  ReadTransaction,
  ScanOptions,
  StorageEngine,
  WriteTransaction,
} from './engine.js';

/** Where a fault can strike: a get or scan step, a put or delete, or a commit. */
export type FaultPoint = 'read' | 'put' | 'commit';

export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
  constructor(readonly point: FaultPoint) {
    super(`injected ${point} fault`);
  }
}

/**
 * Delegates to `inner`, counting operations. A commit fault is raised after the write function
 * returns but before `inner` commits, the way a failing disk or lost connection would strike.
 */
export class FaultInjectingEngine implements StorageEngine {
  private readonly countdowns = new Map<FaultPoint, number>();

  constructor(private readonly inner: StorageEngine) {}

  /** Makes the `nth` operation at `point` from now on (1 = the very next) throw InjectedFault. */
  failAt(point: FaultPoint, nth: number): void {
    if (!Number.isInteger(nth) || nth < 1) throw new RangeError('nth must be a positive integer');
    this.countdowns.set(point, nth);
  }

  /** Cancels every fault not yet raised. */
  clear(): void {
    this.countdowns.clear();
  }

  /** Called at every operation; throws when that operation's turn has come. */
  check(point: FaultPoint): void {
    const remaining = this.countdowns.get(point);
    if (remaining === undefined) return;
    if (remaining > 1) {
      this.countdowns.set(point, remaining - 1);
      return;
    }
    this.countdowns.delete(point);
    throw new InjectedFault(point);
  }

  read<T>(fn: (tx: ReadTransaction) => Promise<T>): Promise<T> {
    return this.inner.read((tx) => fn(new FaultyTransaction(tx, this)));
  }

  write<T>(fn: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.inner.write(async (tx) => {
      const result = await fn(new FaultyTransaction(tx, this));
      this.check('commit');
      return result;
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

class FaultyTransaction implements WriteTransaction {
  constructor(
    private readonly inner: ReadTransaction | WriteTransaction,
    private readonly faults: FaultInjectingEngine,
  ) {}

  get(key: Bytes): Promise<Bytes | undefined> {
    this.faults.check('read');
    return this.inner.get(key);
  }

  scan(options: ScanOptions): AsyncIterable<Entry> {
    const entries = this.inner.scan(options);
    const faults = this.faults;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const entry of entries) {
          faults.check('read');
          yield entry;
        }
      },
    };
  }

  put(key: Bytes, value: Bytes): void {
    this.faults.check('put');
    this.writable().put(key, value);
  }

  delete(key: Bytes): void {
    this.faults.check('put');
    this.writable().delete(key);
  }

  putWithSequence(keyPrefix: Bytes, sequenceName: string, value: Bytes): void {
    this.faults.check('put');
    this.writable().putWithSequence(keyPrefix, sequenceName, value);
  }

  private writable(): WriteTransaction {
    if (!('put' in this.inner)) throw new Error('cannot write in a read transaction');
    return this.inner;
  }
}
