// Request ids in DynamoDB's form: 52 characters of [0-9A-Z].

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ID_LENGTH = 52;
const POOL_SIZE = ID_LENGTH * 256;

// Random bytes are drawn in batches: one randomBytes call per 256 requests, not per request.
let pool = Buffer.alloc(0);
let offset = 0;

/** A fresh id for `x-amzn-RequestId`. */
export function newRequestId(): string {
  if (offset + ID_LENGTH > pool.length) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let id = '';
  // 36 does not divide 256, so the first characters are slightly likelier; fine for an id.
  for (let i = 0; i < ID_LENGTH; i++) id += ALPHABET[pool[offset + i]! % ALPHABET.length];
  offset += ID_LENGTH;
  return id;
}
