// Keys under first byte 0x00, the part of the key space storage/ keeps for itself.

const encoder = new TextEncoder();

/** Second byte: what kind of record a reserved key holds. */
export const ReservedKind = {
  sequence: 0x01,
  lease: 0x02,
} as const;

/** `0x00 | kind | utf8(name)`. */
export function reservedKey(kind: number, name: string): Uint8Array {
  const nameBytes = encoder.encode(name);
  const key = new Uint8Array(nameBytes.length + 2);
  key[0] = 0x00;
  key[1] = kind;
  key.set(nameBytes, 2);
  return key;
}
