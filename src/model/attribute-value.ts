// The wire form of DynamoDB attribute values and items, shared by every layer above storage.

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string } // base64, as on the wire
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type Item = Record<string, AttributeValue>;

export type ScalarAttributeType = 'S' | 'N' | 'B';

/** The single type tag of a well-formed attribute value. */
export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

export function typeOf(value: AttributeValue): AttributeType {
  for (const key in value) return key as AttributeType;
  throw new Error('attribute value without a type');
}

/**
 * An item's (or map's) own attribute `name`: an attribute named `constructor` or `__proto__` is
 * looked up as data, never found on Object.prototype.
 */
export function attributeOf(
  map: Readonly<Record<string, AttributeValue>>,
  name: string,
): AttributeValue | undefined {
  return Object.hasOwn(map, name) ? map[name] : undefined;
}

/** Assigns an attribute or map entry; one named `__proto__` is data, never the prototype. */
export function setAttribute(
  map: Record<string, AttributeValue>,
  name: string,
  value: AttributeValue,
): void {
  if (name === '__proto__') {
    Object.defineProperty(map, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    map[name] = value;
  }
}
