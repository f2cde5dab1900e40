// Item size as DynamoDB counts it: the basis of the 400 KB limit and of capacity units.

import { validationError, type DynamoDbError } from '../errors/dynamodb-error.js';
import type { AttributeValue, Item } from './attribute-value.js';
import { numberParts } from './number.js';

/** DynamoDB's maximum item size: 400 KB including attribute names. */
export const MAX_ITEM_SIZE_BYTES = 409_600;

/** Bytes one attribute value counts for; numbers must be canonical. */
export function attributeValueSizeBytes(value: AttributeValue): number {
  for (const type in value) {
    const content = (value as Record<string, unknown>)[type];
    switch (type) {
      case 'S':
        return utf8Bytes(content as string);
      case 'N':
        return numberSizeBytes(content as string);
      case 'B':
        return base64DecodedBytes(content as string);
      case 'M':
        return mapSizeBytes(content as Record<string, AttributeValue>);
      case 'L':
        return listSizeBytes(content as AttributeValue[]);
      case 'SS':
        return sumSizes(content as string[], utf8Bytes);
      case 'NS':
        return sumSizes(content as string[], numberSizeBytes);
      case 'BS':
        return sumSizes(content as string[], base64DecodedBytes);
      default:
        return 1; // NULL and BOOL
    }
  }
  throw new TypeError('attribute value without a type');
}

/** Sum over attributes of name length (UTF-8) plus value size. */
export function itemSizeBytes(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Bytes(name) + attributeValueSizeBytes(item[name]!);
  return size;
}

/** DynamoDB's error for an item over 400 KB (PutItem, UpdateItem result, transactions, …). */
export function itemTooLarge(): DynamoDbError {
  return validationError('Item size has exceeded the maximum allowed size');
}

/** Throws DynamoDB's ValidationException when `item` exceeds 400 KB; returns its size. */
export function checkItemSize(item: Item): number {
  const size = itemSizeBytes(item);
  if (size > MAX_ITEM_SIZE_BYTES) throw itemTooLarge();
  return size;
}

/**
 * A number takes one byte per pair of significant digits, pairs aligned on the decimal point
 * (base-100 digits), plus one exponent byte, plus one for negatives; zero takes 1. Measured
 * against DynamoDB Local's consumed capacity (1 → 2, 1.5 → 3, -1 → 3, 38 digits → 20).
 */
export function numberSizeBytes(canonical: string): number {
  const parts = numberParts(canonical);
  if (parts.isZero) return 1;
  // The first digit starts a pair when its exponent is odd (12 → [12]); else it pairs with a 0 (1 → [01]).
  const leadingPad = parts.sciExponent % 2 === 0 ? 1 : 0;
  return 1 + Math.ceil((parts.digitCount + leadingPad) / 2) + (parts.negative ? 1 : 0);
}

/** UTF-8 length; short strings are counted in JS, cheaper than a call into Buffer. */
export function utf8Bytes(text: string): number {
  const n = text.length;
  if (n > 32) return Buffer.byteLength(text, 'utf8');
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 2; // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++;
    } else {
      bytes += 2; // the rest of the BMP, and a lone surrogate (encoded as U+FFFD)
    }
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Decoded length of strict base64 (validated on input), without decoding. */
function base64DecodedBytes(base64: string): number {
  const n = base64.length;
  if (n === 0) return 0;
  const pad = base64.charCodeAt(n - 1) === 61 ? (base64.charCodeAt(n - 2) === 61 ? 2 : 1) : 0;
  return (n / 4) * 3 - pad;
}

function sumSizes(members: readonly string[], size: (member: string) => number): number {
  let total = 0;
  for (const member of members) total += size(member);
  return total;
}

/** 3 bytes for the map, then per entry 1 byte, the name and the value. */
function mapSizeBytes(map: Record<string, AttributeValue>): number {
  let size = 3;
  for (const name in map) size += 1 + utf8Bytes(name) + attributeValueSizeBytes(map[name]!);
  return size;
}

/** 3 bytes for the list, then per element 1 byte and the value. */
function listSizeBytes(list: readonly AttributeValue[]): number {
  let size = 3;
  for (const element of list) size += 1 + attributeValueSizeBytes(element);
  return size;
}
