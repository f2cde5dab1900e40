// The stored form of an item: its DynamoDB size, then its canonical JSON, ready to splice into responses.

import { Buffer } from 'node:buffer';
import type { Item } from '../model/attribute-value.js';

const SIZE_HEADER_BYTES = 4;
const decoder = new TextDecoder();

/**
 * `u32 BE itemSizeBytes | UTF-8 JSON`. The size is kept so capacity, TableSizeBytes and the
 * 16 MB batch limit need no parse; the JSON is the wire form, so GetItem sends it untouched.
 */
export function encodeStoredItem(item: Item, itemSizeBytes: number): Uint8Array {
  const json = JSON.stringify(item);
  // The JSON is encoded straight into its place: no intermediate buffer and copy (PutItem profile,
  // docs/performance.md). Not from Buffer's shared pool: a stored value may be kept for long.
  const bytes = Buffer.allocUnsafeSlow(SIZE_HEADER_BYTES + Buffer.byteLength(json, 'utf8'));
  bytes.writeUInt32BE(itemSizeBytes, 0);
  bytes.write(json, SIZE_HEADER_BYTES, 'utf8');
  return bytes;
}

/** The item's size as DynamoDB counts it (attribute names + values). */
export function storedItemSizeBytes(bytes: Uint8Array): number {
  // Read by hand: a DataView per item showed in Query profiles.
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

/** A piece of a response body: JSON text, or a stored item's JSON bytes (UTF-8) spliced in as is. */
export type JsonPiece = string | Uint8Array;

/** Appends `items` to `pieces` as the members of a JSON array: `[a,b,…]`. */
export function pushJsonArray(pieces: JsonPiece[], items: readonly JsonPiece[]): void {
  pieces.push('[');
  items.forEach((item, i) => {
    if (i > 0) pieces.push(',');
    pieces.push(item);
  });
  pieces.push(']');
}

/** The item's JSON as UTF-8 bytes, exactly as they go on the wire (a view, not a copy). */
export function storedItemJsonBytes(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(SIZE_HEADER_BYTES);
}

/** The item as JSON text. */
export function storedItemJson(bytes: Uint8Array): string {
  return decoder.decode(storedItemJsonBytes(bytes));
}

export function decodeStoredItem(bytes: Uint8Array): Item {
  return JSON.parse(storedItemJson(bytes)) as Item;
}
