// Where a table's streams live in the key space (KeyPrefix.changeLog), and their sequence numbers.

import { decodeUint64 } from '../../storage/sequence.js';
import { KeyPrefix, prefixEnd, tableKeyPrefix } from '../keyspace.js';

/** Third component of a change-log key: what the entry is. */
const StreamKeyKind = {
  /** `… | label` → the stream's shard list (JSON), kept by the stream job. */
  meta: 0x01,
  /** `… | label | sequence (u64)` → one change record. */
  record: 0x02,
} as const;

const encoder = new TextEncoder();

function streamKey(kind: number, tableNumber: number, label: string): Uint8Array {
  const table = tableKeyPrefix(KeyPrefix.changeLog, tableNumber);
  const labelBytes = encoder.encode(label);
  const key = new Uint8Array(table.length + 1 + labelBytes.length);
  key.set(table, 0);
  key[table.length] = kind;
  key.set(labelBytes, table.length + 1);
  return key;
}

/** The prefix every record of one stream is put under (`putWithSequence` appends the sequence). */
export function recordPrefix(tableNumber: number, label: string): Uint8Array {
  return streamKey(StreamKeyKind.record, tableNumber, label);
}

/** The key of the record with `sequence` in the stream. */
export function recordKey(tableNumber: number, label: string, sequence: bigint): Uint8Array {
  const prefix = recordPrefix(tableNumber, label);
  const key = new Uint8Array(prefix.length + 8);
  key.set(prefix, 0);
  new DataView(key.buffer).setBigUint64(prefix.length, sequence);
  return key;
}

export function recordPrefixEnd(tableNumber: number, label: string): Uint8Array {
  return prefixEnd(recordPrefix(tableNumber, label));
}

/** The sequence number a record key ends with. */
export function recordSequence(key: Uint8Array): bigint {
  return decodeUint64(key.subarray(key.length - 8));
}

export function metaKey(tableNumber: number, label: string): Uint8Array {
  return streamKey(StreamKeyKind.meta, tableNumber, label);
}

/** The range holding every stream's metadata of one table, in label (= time) order. */
export function metaRange(tableNumber: number): { start: Uint8Array; end: Uint8Array } {
  const start = streamKey(StreamKeyKind.meta, tableNumber, '');
  return { start, end: prefixEnd(start) };
}

/** The label a meta key names. */
export function metaLabel(key: Uint8Array): string {
  return new TextDecoder().decode(key.subarray(6));
}

/**
 * The per-table sequence that numbers change records: one for all of a table's streams, so a
 * re-enabled stream continues above the old one's numbers.
 */
export function changeLogSequenceName(tableNumber: number): string {
  return `changelog/${tableNumber}`;
}

/** DynamoDB's SequenceNumber: a decimal string of at least 21 digits (the API's minimum length). */
export function formatSequenceNumber(sequence: bigint): string {
  return sequence.toString().padStart(21, '0');
}

/** The sequence a SequenceNumber names, or undefined when it is not one of ours. */
export function parseSequenceNumber(text: string): bigint | undefined {
  return /^\d{21,40}$/.test(text) ? BigInt(text) : undefined;
}
