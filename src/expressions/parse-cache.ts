// Parse once per distinct expression text: a bounded LRU of parsed-and-statically-checked ASTs (or their error).

import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { ParsedCondition, ParsedProjection, ParsedUpdate } from './ast.js';
import {
  type ExpressionKindName,
  expressionError,
  parseCondition,
  parseProjection,
  parseUpdate,
} from './parser.js';
import {
  checkConditionStatically,
  checkProjectionStatically,
  checkUpdateStatically,
} from './static-check.js';

/** DynamoDB's limit on the length of one expression (4 KB), in UTF-16 code units. */
const MAX_EXPRESSION_LENGTH = 4096;
const MAX_ENTRIES_PER_KIND = 2048;

type Parsed = ParsedCondition | ParsedUpdate | ParsedProjection;
type Entry = { readonly ast: Parsed } | { readonly error: DynamoDbError };

/** A Map keeps insertion order: re-inserting on a hit makes the first key the least recently used. */
class Lru {
  private readonly entries = new Map<string, Entry>();

  get(text: string, compute: () => Parsed): Parsed {
    let entry = this.entries.get(text);
    if (entry !== undefined) {
      this.entries.delete(text);
    } else {
      entry = computeEntry(compute);
      if (this.entries.size >= MAX_ENTRIES_PER_KIND) {
        this.entries.delete(this.entries.keys().next().value!);
      }
    }
    this.entries.set(text, entry);
    if ('error' in entry) throw new DynamoDbError(entry.error.type, entry.error.message);
    return entry.ast;
  }
}

function computeEntry(compute: () => Parsed): Entry {
  try {
    return { ast: compute() };
  } catch (error) {
    if (error instanceof DynamoDbError) return { error };
    throw error;
  }
}

const caches = new Map<ExpressionKindName, Lru>();

function cacheFor(kind: ExpressionKindName): Lru {
  let cache = caches.get(kind);
  if (cache === undefined) {
    cache = new Lru();
    caches.set(kind, cache);
  }
  return cache;
}

/**
 * DynamoDB Local 3.3 measures an expression in UTF-16 code units (Java's String#length), and only
 * condition-like expressions (condition, filter, key condition) state the size in the message.
 */
function checkSize(kind: ExpressionKindName, text: string): void {
  if (text.length <= MAX_EXPRESSION_LENGTH) return;
  const statesSize = kind !== 'UpdateExpression' && kind !== 'ProjectionExpression';
  throw expressionError(
    kind,
    `Expression size has exceeded the maximum allowed size;${statesSize ? ` expression size: ${text.length}` : ''}`,
  );
}

export function parsedCondition(kind: ExpressionKindName, text: string): ParsedCondition {
  checkSize(kind, text);
  return cacheFor(kind).get(text, () => {
    const ast = parseCondition(kind, text);
    checkConditionStatically(kind, ast);
    return ast;
  }) as ParsedCondition;
}

/** PartiQL's updates (`parseUpdate`'s chainedArithmetic) parse differently: their own cache. */
const chainedUpdates = new Lru();

export function parsedUpdate(text: string, chainedArithmetic = false): ParsedUpdate {
  checkSize('UpdateExpression', text);
  const cache = chainedArithmetic ? chainedUpdates : cacheFor('UpdateExpression');
  return cache.get(text, () => {
    const ast = parseUpdate(text, chainedArithmetic);
    checkUpdateStatically(ast, chainedArithmetic);
    return ast;
  }) as ParsedUpdate;
}

export function parsedProjection(text: string): ParsedProjection {
  checkSize('ProjectionExpression', text);
  return cacheFor('ProjectionExpression').get(text, () => {
    const ast = parseProjection(text);
    checkProjectionStatically(ast);
    return ast;
  }) as ParsedProjection;
}
