// The shape every API operation takes: validate → plan → execute, given a request context.

import type { ServerConfig } from '../config/server-config.js';
import { Buffer } from 'node:buffer';
import type { JsonPiece } from '../core/stored-item.js';
import type { StorageEngine } from '../storage/engine.js';

export interface OperationContext {
  readonly store: StorageEngine;
  readonly config: ServerConfig;
  readonly requestId: string;
  /** Epoch milliseconds; injectable so tests control time. */
  readonly now: () => number;
}

export type { JsonPiece } from '../core/stored-item.js';

/**
 * A response already serialized to JSON, in pieces: stored items go to the wire as the bytes they
 * are stored as, without a decode to text and an encode back (docs/performance.md).
 */
export class RawJson {
  readonly pieces: readonly JsonPiece[];

  constructor(...pieces: JsonPiece[]) {
    this.pieces = pieces;
  }

  /** The body as one UTF-8 buffer. */
  bytes(): Buffer {
    let length = 0;
    for (const piece of this.pieces) {
      length += typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.length;
    }
    const bytes = Buffer.allocUnsafe(length);
    let offset = 0;
    for (const piece of this.pieces) {
      if (typeof piece === 'string') {
        offset += bytes.write(piece, offset, 'utf8');
      } else {
        bytes.set(piece, offset);
        offset += piece.length;
      }
    }
    return bytes;
  }

  /** The body as text, for callers that read it back (PartiQL's SELECT reshapes a page). */
  text(): string {
    return this.bytes().toString('utf8');
  }
}

export type OperationResult = Record<string, unknown> | RawJson;

export interface Operation {
  /** The X-Amz-Target operation name, e.g. `PutItem`. */
  readonly name: string;
  /**
   * Called after the request passed the generated shape validation (types and constraints), so
   * `request` has the documented shape; semantic checks are the operation's own.
   */
  execute(request: Record<string, unknown>, context: OperationContext): Promise<OperationResult>;
}
