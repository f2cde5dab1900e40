// A change record as stored in the change log, and as DynamoDB Streams sends it on the wire.

import { createHash } from 'node:crypto';
import { attributeOf, setAttribute, type Item } from '../../model/attribute-value.js';
import { itemSizeBytes } from '../../model/item-size.js';
import { keyAttributeNames } from '../item-keys.js';
import type { DecodedChange } from '../item-change.js';
import type { StreamViewType, TableDefinition } from '../table-definition.js';
import { formatSequenceNumber } from './stream-keys.js';

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** A stream record exactly as GetRecords returns it (and Lambda's DynamoDB event carries it). */
export interface StreamRecord {
  eventID: string;
  eventName: StreamEventName;
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds (the SDK turns it into a Date). */
    ApproximateCreationDateTime: number;
    Keys: Item;
    NewImage?: Item;
    OldImage?: Item;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  /** Only on deletes the service made itself (TTL), as DynamoDB marks them. */
  /** GetRecords' Identity shape (capitalised); Lambda's event spells it `{type, principalId}`. */
  userIdentity?: { Type: 'Service'; PrincipalId: 'dynamodb.amazonaws.com' };
}

/** The stored form: short field names, images only as the view type keeps them. */
interface StoredRecord {
  e: StreamEventName;
  /** Epoch milliseconds of the change. */
  t: number;
  k: Item;
  n?: Item;
  o?: Item;
  v: StreamViewType;
  /** Set for TTL deletes. */
  s?: 1;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The stored record for a change, or undefined when the change changed nothing. */
export function encodeChangeRecord(
  change: DecodedChange,
  viewType: StreamViewType,
): Uint8Array | undefined {
  const { oldStored, newStored, table, nowMs, origin } = change.change;
  if (newStored === undefined && oldStored === undefined) return undefined;
  if (newStored !== undefined && oldStored !== undefined && sameBytes(newStored, oldStored)) {
    return undefined;
  }
  const oldItem = change.oldItem;
  const newItem = change.newItem;
  const eventName = oldItem === undefined ? 'INSERT' : newItem === undefined ? 'REMOVE' : 'MODIFY';
  const record: StoredRecord = {
    e: eventName,
    t: nowMs,
    k: keysOf(table, (newItem ?? oldItem)!),
    v: viewType,
  };
  if (newItem !== undefined && (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES')) {
    record.n = newItem;
  }
  if (oldItem !== undefined && (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES')) {
    record.o = oldItem;
  }
  if (origin === 'ttl') record.s = 1;
  return encoder.encode(JSON.stringify(record));
}

/** Epoch milliseconds of a stored record's change (for retention), without building the record. */
export function storedRecordTimeMs(value: Uint8Array): number {
  return (JSON.parse(decoder.decode(value)) as StoredRecord).t;
}

/** The wire record for a stored one. */
export function decodeChangeRecord(
  value: Uint8Array,
  sequence: bigint,
  streamLabel: string,
  region: string,
): StreamRecord {
  const stored = JSON.parse(decoder.decode(value)) as StoredRecord;
  const sizeBytes =
    itemSizeBytes(stored.k) +
    (stored.n === undefined ? 0 : itemSizeBytes(stored.n)) +
    (stored.o === undefined ? 0 : itemSizeBytes(stored.o));
  const record: StreamRecord = {
    eventID: createHash('md5').update(`${streamLabel}/${sequence}`).digest('hex'),
    eventName: stored.e,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(stored.t / 1000),
      Keys: stored.k,
      ...(stored.n === undefined ? {} : { NewImage: stored.n }),
      ...(stored.o === undefined ? {} : { OldImage: stored.o }),
      SequenceNumber: formatSequenceNumber(sequence),
      SizeBytes: sizeBytes,
      StreamViewType: stored.v,
    },
  };
  if (stored.s === 1)
    record.userIdentity = { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' };
  return record;
}

function keysOf(table: TableDefinition, item: Item): Item {
  const keys: Item = {};
  for (const name of keyAttributeNames(table)) {
    const value = attributeOf(item, name);
    if (value !== undefined) setAttribute(keys, name, value);
  }
  return keys;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
