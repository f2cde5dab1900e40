// The typed AST of all five expression kinds, shared by the parser, the legacy translator and the evaluator.
//
// One tree shape serves two stages, told apart by its type parameters:
// - `Parsed*`   (P = ParsedPath, V = ValueRef): what the parser produces from text, with `#name`
//               and `:value` placeholders still in it; cached by expression text.
// - `Resolved*` (P = DocumentPath, V = AttributeValue): placeholders replaced by the request's
//               ExpressionAttributeNames / -Values; what the evaluator runs. The legacy parameters
//               (Expected, QueryFilter, ScanFilter, KeyConditions, AttributeUpdates) build this form
//               directly and call `evaluateCondition` / `applyUpdateActions` from `evaluate.ts`.
// Parentheses are not nodes: the tree's nesting is the grouping (the printer adds them back).

import type { AttributeValue } from '../model/attribute-value.js';

/** A step of a document path after substitution: a map key (or top-level name) or a list index. */
export type PathElement = string | number;
export type DocumentPath = readonly PathElement[];

/** A step of a parsed document path: a bare name, a `#name` placeholder, or `[index]`. */
export type ParsedPathStep =
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'ref'; readonly ref: string } // includes the '#'
  | { readonly type: 'index'; readonly index: number };

export interface ParsedPath {
  readonly steps: readonly ParsedPathStep[];
}

/** A `:value` placeholder, including the ':'. */
export type ValueRef = string;

/**
 * Functions by where DynamoDB allows them. Conditions: the five predicates; operands in
 * conditions: `size`; operands in SET: `if_not_exists`, `list_append`. The parser accepts any
 * identifier followed by `(`; the checker rejects unknown names (`Invalid function name; function: x`)
 * and misplaced ones.
 */
export type ConditionFunctionName =
  'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';
export type OperandFunctionName = 'size' | 'if_not_exists' | 'list_append';

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOperator = '+' | '-';

/** A value-producing term. `arithmetic` and `if_not_exists`/`list_append` only occur in SET. */
export type Operand<P, V> =
  | { readonly type: 'path'; readonly path: P }
  | { readonly type: 'value'; readonly value: V }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Operand<P, V>[] }
  | {
      readonly type: 'arithmetic';
      readonly op: ArithmeticOperator;
      readonly left: Operand<P, V>;
      readonly right: Operand<P, V>;
    };

/** A boolean term: ConditionExpression, FilterExpression and KeyConditionExpression. */
export type Condition<P, V> =
  | {
      readonly type: 'compare';
      readonly op: ComparisonOperator;
      readonly left: Operand<P, V>;
      readonly right: Operand<P, V>;
    }
  | {
      readonly type: 'between';
      readonly operand: Operand<P, V>;
      readonly low: Operand<P, V>;
      readonly high: Operand<P, V>;
    }
  | {
      readonly type: 'in';
      readonly operand: Operand<P, V>;
      readonly list: readonly Operand<P, V>[];
    }
  | { readonly type: 'and'; readonly left: Condition<P, V>; readonly right: Condition<P, V> }
  | { readonly type: 'or'; readonly left: Condition<P, V>; readonly right: Condition<P, V> }
  | { readonly type: 'not'; readonly operand: Condition<P, V> }
  /** A predicate function call (`attribute_exists(a)`, `begins_with(a, :p)`, …). */
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Operand<P, V>[] };

/** One action of an update clause; `value` is absent for REMOVE. */
export interface SetAction<P, V> {
  readonly path: P;
  readonly value: Operand<P, V>;
}

export type UpdateClause<P, V> =
  | { readonly type: 'SET'; readonly actions: readonly SetAction<P, V>[] }
  | { readonly type: 'REMOVE'; readonly paths: readonly P[] }
  /** ADD path :v — number addition or set union (creates the attribute when missing). */
  | { readonly type: 'ADD'; readonly actions: readonly SetAction<P, V>[] }
  /** DELETE path :v — set difference (an emptied set disappears). */
  | { readonly type: 'DELETE'; readonly actions: readonly SetAction<P, V>[] };

/** An UpdateExpression: its clauses in the order written (each keyword at most once). */
export interface Update<P, V> {
  readonly clauses: readonly UpdateClause<P, V>[];
}

export type ParsedOperand = Operand<ParsedPath, ValueRef>;
export type ParsedCondition = Condition<ParsedPath, ValueRef>;
export type ParsedUpdate = Update<ParsedPath, ValueRef>;
export type ParsedProjection = readonly ParsedPath[];

export type ResolvedOperand = Operand<DocumentPath, AttributeValue>;
export type ResolvedCondition = Condition<DocumentPath, AttributeValue>;
export type ResolvedUpdate = Update<DocumentPath, AttributeValue>;
