// Turns a synchronous entry source into the AsyncIterable that ReadTransaction.scan returns.

import type { Entry, ScanOptions } from './engine.js';

/** A pull-based walk over entries; `close` releases what it holds (e.g. an LMDB cursor). */
export interface EntrySource {
  next(): Entry | undefined;
  close(): void;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * An iterable that opens a fresh source each time it is iterated and stops after `limit`
 * entries. One promise per entry is the price of the async contract; nothing else is allocated.
 */
export function scanIterable(options: ScanOptions, open: () => EntrySource): AsyncIterable<Entry> {
  return {
    [Symbol.asyncIterator]: () => new LimitedIterator(open(), normaliseLimit(options.limit)),
  };
}

/** True when the bounds cannot contain any key (`start >= end`, or `end` is empty). */
export function isEmptyRange(
  options: ScanOptions,
  compare: (a: Uint8Array, b: Uint8Array) => number,
): boolean {
  const { start, end } = options;
  if (end === undefined) return false;
  if (end.length === 0) return true;
  return start !== undefined && compare(start, end) >= 0;
}

function normaliseLimit(limit: number | undefined): number {
  if (limit === undefined) return Infinity;
  return limit > 0 ? limit : 0;
}

class LimitedIterator implements AsyncIterator<Entry, undefined> {
  private remaining: number;
  private source: EntrySource | undefined;

  constructor(source: EntrySource, limit: number) {
    this.source = source;
    this.remaining = limit;
  }

  next(): Promise<IteratorResult<Entry, undefined>> {
    const source = this.source;
    if (source === undefined) return Promise.resolve(DONE);
    if (this.remaining <= 0) return this.return();
    let entry: Entry | undefined;
    try {
      entry = source.next();
    } catch (error) {
      this.stop();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (entry === undefined) return this.return();
    this.remaining--;
    return Promise.resolve({ done: false, value: entry });
  }

  return(): Promise<IteratorReturnResult<undefined>> {
    this.stop();
    return Promise.resolve(DONE);
  }

  private stop(): void {
    const source = this.source;
    this.source = undefined;
    source?.close();
  }
}
