// The expression attributes of one request: checking the names map, resolving #names and :values,
// and DynamoDB's "unused" checks.

import { validationError } from '../errors/dynamodb-error.js';
import type { AttributeValue } from '../model/attribute-value.js';

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;
/** DynamoDB's limit on an ExpressionAttributeNames / -Values key, in UTF-16 code units. */
const MAX_KEY_LENGTH = 255;

/**
 * DynamoDB's checks of one expression attribute map's keys: not empty, then each key's length and
 * syntax. The syntax is checked on the key with Java's trim() applied (DynamoDB Local 3.3 accepts
 * `":v "`, which then matches no `:v` in an expression); only the names message gives the size.
 */
export function checkExpressionAttributeKeys(
  member: 'ExpressionAttributeNames' | 'ExpressionAttributeValues',
  map: Readonly<Record<string, unknown>>,
): void {
  const keys = Object.keys(map);
  if (keys.length === 0) throw validationError(`${member} must not be empty`);
  const names = member === 'ExpressionAttributeNames';
  for (const key of keys) {
    if (key.length > MAX_KEY_LENGTH) {
      const size = names ? ` size of key: ${key.length}` : '';
      throw validationError(
        `${member} contains invalid key: The expression attribute map contains a key that is too long;${size}`,
      );
    }
    if (!(names ? NAME_KEY : VALUE_KEY).test(javaTrim(key))) {
      throw validationError(`${member} contains invalid key: Syntax error; key: "${key}"`);
    }
  }
}

/** java.lang.String#trim: strips code points up to U+0020 at both ends. */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/** DynamoDB's checks of the ExpressionAttributeNames map's values, made after every key's. */
export function checkExpressionAttributeNameValues(names: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(names)) {
    // A value sent as null (the framework passes null map values through): DynamoDB Local's answer.
    if (value === null) {
      throw validationError(`ExpressionAttributeNames contains invalid value: null for key ${key}`);
    }
    if (value === '') {
      throw validationError(
        `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`,
      );
    }
  }
}

/** The ExpressionAttributeNames map of a request without values: its keys, then its values. */
export function checkExpressionAttributeNames(names: Readonly<Record<string, string>>): void {
  checkExpressionAttributeKeys('ExpressionAttributeNames', names);
  checkExpressionAttributeNameValues(names);
}

/** Names and values of one request, shared by all its expressions; records which were used. */
export class RequestScope {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    private readonly names: Readonly<Record<string, string>> | undefined,
    private readonly values: Readonly<Record<string, AttributeValue>> | undefined,
  ) {}

  /** The attribute name behind `#ref`, or undefined when the request does not define it. */
  name(ref: string): string | undefined {
    if (this.names === undefined || !Object.hasOwn(this.names, ref)) return undefined;
    this.usedNames.add(ref);
    return this.names[ref];
  }

  /** The value behind `:ref`, or undefined when the request does not define it. */
  value(ref: string): AttributeValue | undefined {
    if (this.values === undefined || !Object.hasOwn(this.values, ref)) return undefined;
    this.usedValues.add(ref);
    return this.values[ref];
  }

  /** DynamoDB rejects names, then values, that no expression of the request used. */
  assertAllUsed(): void {
    assertUsed('ExpressionAttributeNames', this.names, this.usedNames);
    assertUsed('ExpressionAttributeValues', this.values, this.usedValues);
  }
}

function assertUsed(
  member: string,
  map: Readonly<Record<string, unknown>> | undefined,
  used: ReadonlySet<string>,
): void {
  if (map === undefined) return;
  const keys = Object.keys(map);
  const unused = keys.filter((key) => !used.has(key));
  if (unused.length === 0) return;
  const listed = javaHashOrder(unused, keys.length).join(', ');
  throw validationError(`Value provided in ${member} unused in expressions: keys: {${listed}}`);
}

/**
 * DynamoDB lists unused keys in the iteration order of a java.util.HashMap holding all the
 * request's keys (`keys: {#z, #m}` for `#n, #m, #z`); mirrored so messages match exactly.
 */
export function javaHashOrder(keys: readonly string[], mapSize: number): string[] {
  return inHashMapOrder(keys, mapSize);
}

/** The iteration order of a java.util.HashMap into which `keys` (names or list indexes) were put in order. */
export function javaHashMapOrder<K extends string | number>(keys: readonly K[]): K[] {
  return inHashMapOrder(keys, keys.length);
}

function inHashMapOrder<K extends string | number>(keys: readonly K[], mapSize: number): K[] {
  let capacity = 16;
  while (mapSize > capacity * 0.75) capacity *= 2;
  const bucket = (key: K): number => {
    // String.hashCode, or Integer.hashCode (the value itself) for a list index.
    const h = typeof key === 'number' ? key | 0 : javaStringHash(key);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((key, order) => ({ key, order, bucket: bucket(key) }))
    .sort((a, b) => a.bucket - b.bucket || a.order - b.order)
    .map((entry) => entry.key);
}

function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
