// DynamoDB's value semantics in expressions: ordering within S/N/B, deep equality for every type.

import { type AttributeValue, typeOf } from '../model/attribute-value.js';
import { canonicalNumber, compareNumbers } from '../model/number.js';

const utf8 = new TextEncoder();

/** Byte-wise order of two strings' UTF-8 encodings (DynamoDB orders S by UTF-8 bytes). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order equals UTF-8 order except around surrogates; fall back to bytes only then.
  return compareBytes(utf8.encode(a), utf8.encode(b));
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function base64Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'base64');
}

/**
 * Order of two values of the same orderable type (S, N, B); undefined when the types differ or
 * are not orderable — DynamoDB's `<`, `BETWEEN` … are then false.
 */
export function compareOrdered(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S);
  if ('B' in a && 'B' in b) return compareBytes(base64Bytes(a.B), base64Bytes(b.B));
  return undefined;
}

/** DynamoDB equality: same type and value; numbers numerically, sets as sets, M and L deeply. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
      return (a as { S: string }).S === (b as { S: string }).S;
    case 'N':
      return compareNumbers((a as { N: string }).N, (b as { N: string }).N) === 0;
    case 'B':
      return (
        compareBytes(base64Bytes((a as { B: string }).B), base64Bytes((b as { B: string }).B)) === 0
      );
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'SS':
    case 'NS':
    case 'BS':
      return setsEqual(a, b);
    case 'L':
      return listsEqual((a as { L: AttributeValue[] }).L, (b as { L: AttributeValue[] }).L);
    case 'M':
      return mapsEqual(
        (a as { M: Record<string, AttributeValue> }).M,
        (b as { M: Record<string, AttributeValue> }).M,
      );
  }
}

function listsEqual(a: readonly AttributeValue[], b: readonly AttributeValue[]): boolean {
  return a.length === b.length && a.every((value, i) => valuesEqual(value, b[i]!));
}

function mapsEqual(
  a: Readonly<Record<string, AttributeValue>>,
  b: Readonly<Record<string, AttributeValue>>,
): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && valuesEqual(a[key]!, b[key]!));
}

/** Set members in canonical form, so `1` and `1.0` or differently padded base64 are the same member. */
export function setMemberKeys(value: AttributeValue): string[] {
  if ('SS' in value) return value.SS;
  if ('NS' in value) return value.NS.map(numberKey);
  if ('BS' in value) return value.BS.map((b) => Buffer.from(base64Bytes(b)).toString('base64'));
  return [];
}

/** Equal numbers have equal canonical text (`1.0` and `1`). */
function numberKey(text: string): string {
  return canonicalNumber(text);
}

function setsEqual(a: AttributeValue, b: AttributeValue): boolean {
  const left = new Set(setMemberKeys(a));
  const right = setMemberKeys(b);
  return left.size === new Set(right).size && right.every((member) => left.has(member));
}

/** DynamoDB's `contains`: substring of S, member of a set, element of a list. */
export function containsValue(haystack: AttributeValue, needle: AttributeValue): boolean {
  if ('S' in haystack) return 'S' in needle && haystack.S.includes(needle.S);
  // A binary contains a byte subsequence (DynamoDB Local answers so; the docs name only S).
  if ('B' in haystack) {
    return (
      'B' in needle && Buffer.from(haystack.B, 'base64').includes(Buffer.from(needle.B, 'base64'))
    );
  }
  if ('SS' in haystack) return 'S' in needle && haystack.SS.includes(needle.S);
  if ('NS' in haystack) {
    return 'N' in needle && haystack.NS.some((member) => compareNumbers(member, needle.N) === 0);
  }
  if ('BS' in haystack) {
    if (!('B' in needle)) return false;
    const bytes = base64Bytes(needle.B);
    return haystack.BS.some((member) => compareBytes(base64Bytes(member), bytes) === 0);
  }
  if ('L' in haystack) return haystack.L.some((element) => valuesEqual(element, needle));
  return false;
}

/** DynamoDB's `begins_with` on S and B. */
export function beginsWith(value: AttributeValue, prefix: AttributeValue): boolean {
  if ('S' in value && 'S' in prefix) return value.S.startsWith(prefix.S);
  if ('B' in value && 'B' in prefix) {
    const bytes = base64Bytes(value.B);
    const start = base64Bytes(prefix.B);
    return (
      start.length <= bytes.length && compareBytes(bytes.subarray(0, start.length), start) === 0
    );
  }
  return false;
}

/** DynamoDB's `size`: UTF-8 bytes of S, bytes of B, members of sets, elements of L, entries of M. */
export function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return utf8.encode(value.S).length;
  if ('B' in value) return base64Bytes(value.B).length;
  if ('SS' in value) return value.SS.length;
  if ('NS' in value) return value.NS.length;
  if ('BS' in value) return value.BS.length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  return undefined;
}
