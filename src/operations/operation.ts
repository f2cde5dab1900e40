// The shape every API operation takes: validate → plan → execute, given a request context.

import type { ServerConfig } from '../config/server-config.js';
import type { StorageEngine } from '../storage/engine.js';

export interface OperationContext {
  readonly store: StorageEngine;
  readonly config: ServerConfig;
  readonly requestId: string;
  /** Epoch milliseconds; injectable so tests control time. */
  readonly now: () => number;
}

/** A response already serialized to JSON text (e.g. a stored item sent without re-encoding). */
export class RawJson {
  constructor(readonly text: string) {}
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
