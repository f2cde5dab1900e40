// Turns a received request body into the bytes to parse: DynamoDB's 16 MB limit, gzip inflation.

import { gunzip } from 'node:zlib';

/** DynamoDB rejects HTTP requests larger than 16 MB. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export type BodyResult =
  | { readonly kind: 'ok'; readonly bytes: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'bad-encoding' };

/**
 * The body to parse, given the bytes the HTTP server kept. A body past the limit was still read to
 * its end (src/protocol/http1/), so the client reads our 413 rather than a reset connection.
 * Synchronous unless the body must be inflated.
 */
export function decodeBody(
  encoding: string | undefined,
  bytes: Buffer,
  tooLarge: boolean,
): BodyResult | Promise<BodyResult> {
  if (tooLarge) return { kind: 'too-large' };
  if (encoding === undefined) return { kind: 'ok', bytes };
  const name = encoding.trim().toLowerCase();
  if (name === '' || name === 'identity') return { kind: 'ok', bytes };
  if (name !== 'gzip') return { kind: 'bad-encoding' };
  return inflate(bytes);
}

/** Inflates with a cap, so a small "gzip bomb" cannot exceed the limit a plain body has. */
function inflate(bytes: Buffer): Promise<BodyResult> {
  return new Promise((resolve) => {
    gunzip(bytes, { maxOutputLength: MAX_REQUEST_BYTES + 1 }, (error, inflated) => {
      if (error === null && inflated.length <= MAX_REQUEST_BYTES) {
        resolve({ kind: 'ok', bytes: inflated });
      } else if (error === null || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        resolve({ kind: 'too-large' });
      } else {
        resolve({ kind: 'bad-encoding' });
      }
    });
  });
}
