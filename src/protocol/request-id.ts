// Request ids in DynamoDB's form: 52 characters of [0-9A-Z].

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ID_LENGTH = 52;
const POOL_SIZE = ID_LENGTH * 256;

// Random bytes are drawn in batches: one randomBytes call per 256 requests, not per request, and
// each batch is mapped to the alphabet in place, so an id is one latin1 slice of the pool.
let pool = Buffer.alloc(0);
let offset = 0;

/** A fresh id for `x-amzn-RequestId`. */
export function newRequestId(): string {
  if (offset + ID_LENGTH > pool.length) {
    pool = randomBytes(POOL_SIZE);
    // 36 does not divide 256, so the first characters are slightly likelier; fine for an id.
    for (let i = 0; i < pool.length; i++) pool[i] = ALPHABET.charCodeAt(pool[i]! % ALPHABET.length);
    offset = 0;
  }
  const id = pool.toString('latin1', offset, offset + ID_LENGTH);
  offset += ID_LENGTH;
  return id;
}
