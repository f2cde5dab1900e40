// Checks wire attribute values and items, and returns them canonical (numbers as DynamoDB stores them).
//
// Order of checks, as DynamoDB applies them:
// 1. Deserialization (SerializationException) covers the whole value before any validation: a JSON
//    type that cannot become the declared member type fails here (`{"S": 5}`, `{"SS": "x"}`, bad
//    base64), wherever it sits. Members that are JSON null and unknown members are dropped;
//    BOOL/NULL accept the strings true/false/1/0/yes/no as Coral does. So the first validation
//    error found is held back until the whole value has been deserialized.
// 2. Validation (ValidationException), depth first in document order; within one value, per
//    member type in document order: N is a number; NULL is true; sets are not empty, members are
//    not null, numbers valid, no duplicates (number sets compare numerically, checked member by
//    member); M and L recurse (at most 31 nested M/L below an attribute, the item being the 32nd
//    level); finally a value must have exactly one type. A map entry (of the item or an M) then
//    must have a name that is not empty.
// Empty strings and binaries are allowed here; key attributes are checked elsewhere.
// Messages: DynamoDB Local's where it matches DynamoDB; where it does not (it coerces {"S": 5} to
// "5", answers 500 to other deserialization errors, words number errors its own way), dynalite's
// record of DynamoDB. Callers wrap messages for ExpressionAttributeValues as DynamoDB does:
// `ExpressionAttributeValues contains invalid value: <message> for key :v`.

import assert from 'node:assert/strict';
import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import { setAttribute, type AttributeValue, type Item } from './attribute-value.js';
import {
  attributeValueSizeBytes,
  itemSizeBytes,
  itemTooLarge,
  MAX_ITEM_SIZE_BYTES,
} from './item-size.js';
import { canonicalNumber } from './number.js';

/** Containers (M or L) allowed on one path below a top-level attribute. */
export const MAX_NESTED_CONTAINERS = 31;

const INVALID = 'One or more parameter values were invalid: ';
const NULL_VALUE = 'The supplied Item contains a null AttributeValue';
const EMPTY =
  'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
const MULTIPLE =
  'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
const EMPTY_NAME = 'Empty attribute name';
const NESTING =
  'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';
const NOT_EXPECTED = 'Start of structure or map found where not expected';
const ATTRIBUTE_VALUE_CLASS = 'com.amazonaws.dynamodb.v20120810.AttributeValue';
const MAP_CLASS = `java.util.Map<java.lang.String, ${ATTRIBUTE_VALUE_CLASS}>`;

/** Too deep already (a ValidationException is held); deeper JSON is not walked, to spare the stack. */
const MAX_WALK_DEPTH = 256;

/** State of one validation pass: the first ValidationException, reported after deserialization. */
interface Pass {
  error: DynamoDbError | undefined;
}

function fail(pass: Pass, message: string): void {
  pass.error ??= validationError(message);
}

function serializationError(message: string): DynamoDbError {
  return new DynamoDbError('SerializationException', message);
}

/**
 * Checks one wire attribute value (already JSON-parsed); returns it canonical. A value given
 * `outsideItem` (ExpressionAttributeValues, Expected, AttributeUpdates, filter arguments) may hold
 * one container more than an item's attribute, the item not being a level around it (DynamoDB
 * Local 3.3); what an update stores from it is checked afterwards (`nestsTooDeep`).
 */
export function validateAttributeValue(value: unknown, outsideItem = false): AttributeValue {
  const pass: Pass = { error: undefined };
  const result = checkMember(value, outsideItem ? -1 : 0, pass);
  if (pass.error) throw pass.error;
  if (outsideItem && holdsTooLargeMap(result)) throw itemTooLarge();
  return result;
}

/**
 * DynamoDB Local 3.3 sizes each map in a value outside an item as an item of its own, refusing one
 * over 400 KB (a string that long is not refused). No map within is larger than the whole value.
 */
function holdsTooLargeMap(value: AttributeValue): boolean {
  if (!('M' in value || 'L' in value)) return false;
  return attributeValueSizeBytes(value) > MAX_ITEM_SIZE_BYTES && hasTooLargeMap(value);
}

function hasTooLargeMap(value: AttributeValue): boolean {
  if ('M' in value) {
    return (
      itemSizeBytes(value.M) > MAX_ITEM_SIZE_BYTES || Object.values(value.M).some(hasTooLargeMap)
    );
  }
  return 'L' in value && value.L.some(hasTooLargeMap);
}

/** Whether a stored attribute's value nests more containers (M or L) than an item allows. */
export function nestsTooDeep(value: AttributeValue, depth = 0): boolean {
  const nested = 'M' in value ? Object.values(value.M) : 'L' in value ? value.L : undefined;
  if (nested === undefined) return false;
  if (depth + 1 > MAX_NESTED_CONTAINERS) return true;
  return nested.some((member) => nestsTooDeep(member, depth + 1));
}

/** Checks every attribute of a wire item (already JSON-parsed); returns the canonical item. */
export function validateItem(item: unknown): Item {
  assert.ok(item !== null && item !== undefined, 'callers check required members first');
  const pass: Pass = { error: undefined };
  const result = checkMap(item, 0, pass);
  if (pass.error) throw pass.error;
  return result;
}

/**
 * An attribute value in a map entry (`entryName` given), a list element or at the top: null is a
 * validation error, naming the entry when there is one.
 */
function checkMember(raw: unknown, depth: number, pass: Pass, entryName?: string): AttributeValue {
  if (raw === null || raw === undefined) {
    fail(pass, entryName === undefined ? NULL_VALUE : `${NULL_VALUE}: ${entryName} is null`);
    return { NULL: true };
  }
  if (typeof raw !== 'object') throw serializationError('Unexpected value type in payload');
  if (Array.isArray(raw)) {
    throw serializationError(`Unrecognized collection type class ${ATTRIBUTE_VALUE_CLASS}`);
  }
  return checkStructure(raw as Record<string, unknown>, depth, pass);
}

/** A map of attribute values (an item or an M): returns the same object when nothing changed. */
function checkMap(raw: unknown, depth: number, pass: Pass): Record<string, AttributeValue> {
  if (typeof raw !== 'object' || raw === null) throw serializationError('Unexpected field type');
  if (Array.isArray(raw)) throw serializationError(`Unrecognized collection type ${MAP_CLASS}`);
  const entries = raw as Record<string, unknown>;
  let copy: Record<string, AttributeValue> | undefined;
  for (const name in entries) {
    const member = entries[name];
    const checked = checkMember(member, depth, pass, name);
    // An entry's value is checked before its name (DynamoDB Local 3.3: `{"": {"N": "x"}}` is
    // the number error), items and nested maps alike.
    if (name === '') fail(pass, EMPTY_NAME);
    if (checked !== member && copy === undefined) copy = copyUntil(entries, name);
    if (copy !== undefined) setAttribute(copy, name, checked);
  }
  return copy ?? (entries as Record<string, AttributeValue>);
}

/** The entries of `entries` that come before `stop`, in order (they were unchanged). */
function copyUntil(entries: Record<string, unknown>, stop: string): Record<string, AttributeValue> {
  const copy: Record<string, AttributeValue> = {};
  for (const name in entries) {
    if (name === stop) break;
    setAttribute(copy, name, entries[name] as AttributeValue);
  }
  return copy;
}

/** One AttributeValue structure: deserializes each member, validates it, counts the types. */
function checkStructure(raw: Record<string, unknown>, depth: number, pass: Pass): AttributeValue {
  let firstType: string | undefined;
  let firstValue: unknown;
  let types = 0;
  let members = 0;
  for (const type in raw) {
    members++;
    const member = raw[type];
    if (member === null || member === undefined) continue;
    const checked = checkTyped(type, member, depth, pass);
    if (checked === IGNORED) continue;
    types++;
    if (firstType === undefined) {
      firstType = type;
      firstValue = checked;
    }
  }
  if (firstType === undefined) {
    fail(pass, EMPTY);
    return { NULL: true };
  }
  if (types > 1) fail(pass, MULTIPLE);
  // Reuse the request's own object when it already is exactly the canonical value.
  if (members === 1 && raw[firstType] === firstValue) return raw as AttributeValue;
  return { [firstType]: firstValue } as AttributeValue;
}

/** What `checkTyped` returns for a member that is not an AttributeValue type (DynamoDB drops it). */
const IGNORED = Symbol('ignored');

/** Deserializes and validates one typed member; returns its canonical content. */
function checkTyped(type: string, member: unknown, depth: number, pass: Pass): unknown {
  switch (type) {
    case 'S':
      return asString(member);
    case 'N':
      return checkNumber(asString(member), pass);
    case 'B':
      return asBlob(member);
    case 'BOOL':
      return asBoolean(member);
    case 'NULL':
      if (!asBoolean(member)) {
        fail(pass, `${INVALID}Null attribute value types must have the value of true`);
      }
      return true;
    case 'SS':
      return checkStringSet(asList(member), pass);
    case 'NS':
      return checkNumberSet(asList(member), pass);
    case 'BS':
      return checkBinarySet(asList(member), pass);
    case 'M':
      return checkNested(member, depth, pass, checkMap);
    case 'L':
      return checkNested(member, depth, pass, checkList);
    default:
      return IGNORED;
  }
}

/** Enforces the nesting limit on entering an M or L, then walks it. */
function checkNested<T>(
  member: unknown,
  depth: number,
  pass: Pass,
  walk: (raw: unknown, depth: number, pass: Pass) => T,
): T {
  if (depth + 1 > MAX_NESTED_CONTAINERS) fail(pass, NESTING);
  if (depth + 1 > MAX_WALK_DEPTH) return (Array.isArray(member) ? [] : {}) as T;
  return walk(member, depth + 1, pass);
}

function checkList(raw: unknown, depth: number, pass: Pass): AttributeValue[] {
  const list = asList(raw);
  let copy: AttributeValue[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const element = list[i];
    const checked = checkMember(element, depth, pass);
    if (checked !== element && copy === undefined) copy = list.slice(0, i) as AttributeValue[];
    if (copy !== undefined) copy.push(checked);
  }
  return copy ?? (list as AttributeValue[]);
}

function checkNumber(text: string, pass: Pass): string {
  try {
    return canonicalNumber(text);
  } catch (error) {
    if (!(error instanceof DynamoDbError)) throw error;
    pass.error ??= error;
    return text;
  }
}

function checkStringSet(raw: unknown[], pass: Pass): string[] {
  if (raw.length === 0) fail(pass, `${INVALID}An string set  may not be empty`);
  const seen = new Set<string>();
  for (const element of raw) {
    if (element === null || element === undefined) {
      fail(pass, `${INVALID}An string set may not have a null string as a member`);
      continue;
    }
    seen.add(asString(element));
  }
  if (seen.size < raw.length) {
    fail(pass, `${INVALID}Input collection [${raw.join(', ')}] contains duplicates.`);
  }
  return raw as string[];
}

function checkNumberSet(raw: unknown[], pass: Pass): string[] {
  if (raw.length === 0) fail(pass, `${INVALID}An number set  may not be empty`);
  // Members are deserialized first; then parsed one by one, a duplicate stopping the walk
  // (DynamoDB reports ["1", "1", "x"] as a duplicate, ["x", "1", "1"] as not a number).
  for (const element of raw) if (element !== null && element !== undefined) asString(element);
  let copy: string[] | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const text = (raw[i] ?? '') as string;
    const canonical = checkNumber(text, pass);
    if (seen.has(canonical)) {
      fail(pass, 'Input collection contains duplicates');
      break;
    }
    seen.add(canonical);
    if (canonical !== text && copy === undefined) copy = raw.slice(0, i) as string[];
    if (copy !== undefined) copy.push(canonical);
  }
  return copy !== undefined && copy.length === raw.length ? copy : (raw as string[]);
}

function checkBinarySet(raw: unknown[], pass: Pass): string[] {
  if (raw.length === 0) fail(pass, `${INVALID}Binary sets should not be empty`);
  const seen = new Set<string>();
  for (const element of raw) {
    if (element === null || element === undefined) {
      fail(pass, `${INVALID}Binary sets may not have a null member`);
      continue;
    }
    // Base64 was checked strict, so equal strings are exactly equal bytes.
    seen.add(asBlob(element));
  }
  if (seen.size < raw.length) {
    fail(pass, `${INVALID}Input collection [${raw.join(', ')}]of type BS contains duplicates.`);
  }
  return raw as string[];
}

// Coral's (Jackson's) deserialization messages for a JSON type that cannot become a member type.

function scalarName(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
  return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
}

function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    throw serializationError(`${scalarName(value)} cannot be converted to String`);
  }
  if (Array.isArray(value)) {
    throw serializationError('Unrecognized collection type class java.lang.String');
  }
  throw serializationError(NOT_EXPECTED);
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

function asBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw serializationError('Unexpected token received from parser');
  }
  if (typeof value === 'number') {
    throw serializationError(`${scalarName(value)} cannot be converted to Boolean`);
  }
  if (Array.isArray(value)) {
    throw serializationError('Unrecognized collection type class java.lang.Boolean');
  }
  throw serializationError(NOT_EXPECTED);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) throw serializationError(NOT_EXPECTED);
  throw serializationError('Unexpected field type');
}

function asBlob(value: unknown): string {
  if (typeof value === 'string') {
    if (value.length % 4 !== 0) {
      throw serializationError(
        `Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
      );
    }
    // Coral's wording, typo included.
    if (!isStrictBase64(value)) {
      throw serializationError('Invalid last non-pad Base64 character dectected');
    }
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    throw serializationError('only base-64-encoded strings are convertible to bytes');
  }
  if (Array.isArray(value)) {
    throw serializationError('Unrecognized collection type class java.nio.ByteBuffer');
  }
  throw serializationError(NOT_EXPECTED);
}

/** Standard alphabet value of each char code, or -1. */
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] =
    i;
}
const CODE_PAD = 61;

/**
 * Canonical base64 (length a multiple of 4 was checked): standard alphabet, at most two '='
 * at the end, and zero unused bits in the last character — so that decoding and re-encoding
 * gives the same text, which is the check DynamoDB makes.
 */
export function isStrictBase64(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  let pad = 0;
  if (text.charCodeAt(n - 1) === CODE_PAD) pad = text.charCodeAt(n - 2) === CODE_PAD ? 2 : 1;
  const dataEnd = n - pad;
  for (let i = 0; i < dataEnd; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE64_VALUE[c]! < 0) return false;
  }
  if (pad === 0) return true;
  const lastValue = BASE64_VALUE[text.charCodeAt(dataEnd - 1)]!;
  // One pad: the last data char has 2 unused low bits; two pads: 4 unused low bits.
  return (lastValue & (pad === 1 ? 0b000011 : 0b001111)) === 0;
}
