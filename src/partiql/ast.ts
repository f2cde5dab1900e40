// The PartiQL statements DynamoDB runs (SELECT, INSERT, UPDATE, DELETE), as the parser produces them.

import type { Position } from './tokenizer.js';

/** A step of a document path: an attribute or map key, or a list index. */
export type PathStep = string | number;

/** A map literal's `key: value`; DynamoDB parses any term as the key and checks it later. */
export type MapEntry = readonly [key: Expr, value: Expr];

/**
 * A value or condition term. `at` is where DynamoDB's errors place it: a name, literal or `?`
 * itself, an operator or keyword for operations, a function's name, the opening bracket of a
 * collection; a path of several steps has none.
 */
export type Expr = ExprNode & { readonly at?: Position };

type ExprNode =
  | { readonly t: 'path'; readonly path: readonly PathStep[] }
  | { readonly t: 'string'; readonly value: string }
  | { readonly t: 'number'; readonly value: string }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 'null' }
  | { readonly t: 'missing' }
  | { readonly t: 'param'; readonly index: number }
  | { readonly t: 'set'; readonly items: readonly Expr[] }
  | { readonly t: 'list'; readonly items: readonly Expr[] }
  | { readonly t: 'map'; readonly entries: readonly MapEntry[] }
  /** Unary minus of anything but a number literal (`-x`), which DynamoDB parses but never runs. */
  | { readonly t: 'negate'; readonly operand: Expr }
  | { readonly t: 'compare'; readonly op: string; readonly left: Expr; readonly right: Expr }
  /** `+`, `-`; `||` and `like` parse too, and DynamoDB refuses them as unsupported operators. */
  | {
      readonly t: 'arith';
      readonly op: '+' | '-' | '||' | 'like';
      readonly left: Expr;
      readonly right: Expr;
    }
  | { readonly t: 'between'; readonly operand: Expr; readonly low: Expr; readonly high: Expr }
  | { readonly t: 'in'; readonly operand: Expr; readonly list: readonly Expr[] }
  | { readonly t: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly t: 'not'; readonly operand: Expr }
  | {
      readonly t: 'is';
      readonly operand: Expr;
      readonly negated: boolean;
      readonly what: 'MISSING' | 'NULL';
    }
  | {
      readonly t: 'call';
      readonly name: string;
      readonly args: readonly Expr[];
      /** `EXISTS (SELECT …)` inside an expression: positioned at its SELECT. */
      readonly subquery?: true;
    };

export interface TableRef {
  readonly tableName: string;
  readonly indexName?: string;
}

export interface OrderBy {
  /** Empty when the term is not a lone name (`nonVariable` says what it is). */
  readonly path: readonly PathStep[];
  readonly descending: boolean;
  /**
   * Any term parses after ORDER BY; one that is not a lone name is refused when the statement runs
   * as `Argument to ORDER BY must be of type VariableReference. Type: <this>` (DynamoDB Local 3.3).
   */
  readonly nonVariable?: string;
}

/**
 * One `RETURNING (MODIFIED | ALL) (NEW | OLD) <what>` element. DynamoDB parses any expression as
 * `<what>` and rejects all but `*` only after the key checks, so `star` records which it was.
 */
export interface ReturningElement {
  readonly scope: 'ALL' | 'MODIFIED';
  readonly image: 'NEW' | 'OLD';
  readonly star: boolean;
}

export type UpdateAction =
  | { readonly type: 'SET'; readonly path: readonly PathStep[]; readonly value: Expr }
  | { readonly type: 'REMOVE'; readonly path: readonly PathStep[] };

export type Statement =
  | {
      readonly kind: 'select';
      readonly source: TableRef;
      /** Undefined: `*`. */
      readonly projection: readonly (readonly PathStep[])[] | undefined;
      /** The first projected term that is not a path (`SELECT size(l) …`), refused after parsing. */
      readonly projectionError?: Position;
      readonly where: Expr | undefined;
      readonly orderBy: readonly OrderBy[];
    }
  | {
      readonly kind: 'insert';
      readonly source: TableRef;
      readonly value: Expr;
      readonly returning: readonly ReturningElement[];
    }
  | {
      readonly kind: 'update';
      readonly source: TableRef;
      readonly actions: readonly UpdateAction[];
      readonly where: Expr | undefined;
      readonly returning: readonly ReturningElement[];
    }
  | {
      readonly kind: 'delete';
      readonly source: TableRef;
      readonly where: Expr | undefined;
      readonly returning: readonly ReturningElement[];
    }
  /** `EXISTS(SELECT …)`: a condition check, allowed only in ExecuteTransaction. */
  | { readonly kind: 'exists'; readonly select: Statement & { readonly kind: 'select' } }
  /**
   * Any other expression (`pk`, `'x'`, `1 + 1`): well formed, but not a statement DynamoDB runs.
   * `node` names a lone variable, path, literal or parameter as DynamoDB's message does.
   */
  | {
      readonly kind: 'expression';
      readonly node: 'VariableReference' | 'Path' | 'Literal' | 'Parameter' | undefined;
    };

/** A statement some operation can run: not a bare expression. */
export type RunnableStatement = Exclude<Statement, { readonly kind: 'expression' }>;

/** A statement ExecuteStatement and BatchExecuteStatement run: not EXISTS either. */
export type ItemStatement = Exclude<RunnableStatement, { readonly kind: 'exists' }>;

export interface ParsedStatement {
  readonly statement: Statement;
  /** How many `?` the statement holds. */
  readonly parameterCount: number;
}
