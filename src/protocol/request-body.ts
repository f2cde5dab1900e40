// Reads a request body within DynamoDB's 16 MB request limit, inflating gzip-encoded bodies.

import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

/** DynamoDB rejects HTTP requests larger than 16 MB. */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export type BodyResult =
  | { readonly kind: 'ok'; readonly bytes: Buffer }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'bad-encoding' };

/**
 * Collects the body. Past the limit the rest is drained and dropped, so the client still reads
 * our 413 rather than a reset connection. Rejects when the client aborts.
 */
export function readBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sizeBytes = 0;
    req.on('data', (chunk: Buffer) => {
      sizeBytes += chunk.length;
      if (sizeBytes <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
    req.on('end', () => {
      if (sizeBytes > MAX_REQUEST_BYTES) resolve({ kind: 'too-large' });
      else resolve(decode(req.headers['content-encoding'], Buffer.concat(chunks, sizeBytes)));
    });
  });
}

function decode(encoding: string | undefined, bytes: Buffer): BodyResult | Promise<BodyResult> {
  const name = (encoding ?? '').trim().toLowerCase();
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
