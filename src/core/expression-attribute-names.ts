// ExpressionAttributeNames: checking the map, resolving #placeholders and reporting unused ones.

import { validationError } from '../errors/dynamodb-error.js';

const PLACEHOLDER_KEY = /^#[0-9a-zA-Z_]+$/;

/** Resolves `#name` placeholders of one request and remembers which were used. */
export class AttributeNameResolver {
  private readonly used = new Set<string>();

  constructor(private readonly names: Readonly<Record<string, string>> = {}) {}

  /** The attribute name behind `placeholder`, or undefined when the request does not define it. */
  resolve(placeholder: string): string | undefined {
    if (!Object.hasOwn(this.names, placeholder)) return undefined;
    this.used.add(placeholder);
    return this.names[placeholder];
  }

  /** DynamoDB rejects a request that defines names no expression uses. */
  assertAllUsed(): void {
    const keys = Object.keys(this.names);
    const unused = keys.filter((key) => !this.used.has(key));
    if (unused.length === 0) return;
    const listed = javaHashOrder(unused, keys.length).join(', ');
    throw validationError(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${listed}}`,
    );
  }
}

/** DynamoDB's checks of the map itself, made before any expression is parsed. */
export function checkExpressionAttributeNames(names: Readonly<Record<string, string>>): void {
  const entries = Object.entries(names);
  if (entries.length === 0) throw validationError('ExpressionAttributeNames must not be empty');
  // Every key's syntax is checked before any value (DynamoDB Local 3.3).
  for (const [key] of entries) {
    if (!PLACEHOLDER_KEY.test(key)) {
      throw validationError(
        `ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`,
      );
    }
  }
  for (const [key, value] of entries) {
    if (value === '') {
      throw validationError(
        `ExpressionAttributeNames contains invalid value: Empty attribute name for key ${key}`,
      );
    }
  }
}

/**
 * DynamoDB lists unused keys in the iteration order of a java.util.HashMap holding all the
 * request's names (`keys: {#z, #m}` for `#n, #m, #z`); mirrored so messages match exactly.
 */
function javaHashOrder(keys: readonly string[], mapSize: number): string[] {
  let capacity = 16;
  while (mapSize > capacity * 0.75) capacity *= 2;
  const bucket = (key: string): number => {
    const h = javaStringHash(key);
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
