// Checks that need only the expression text (reserved words, function names and placement); cached with the parse.

import type {
  ParsedCondition,
  ParsedOperand,
  ParsedPath,
  ParsedProjection,
  ParsedUpdate,
} from './ast.js';
import { type ExpressionKindName, expressionError } from './parser.js';
import { isReservedWord } from './reserved-words.js';

const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
]);
const UPDATE_FUNCTIONS: ReadonlySet<string> = new Set(['if_not_exists', 'list_append']);

/** Where a function call stands, which decides DynamoDB's placement message. */
type Place = 'condition' | 'conditionOperand' | 'updateValue' | 'updateNested';

/** Walks in source order (a call before its arguments), as DynamoDB reports the first problem. */
class StaticChecker {
  constructor(
    private readonly kind: ExpressionKindName,
    private readonly chainedArithmetic = false,
  ) {}

  condition(node: ParsedCondition): void {
    switch (node.type) {
      case 'and':
      case 'or':
        this.condition(node.left);
        this.condition(node.right);
        return;
      case 'not':
        this.condition(node.operand);
        return;
      case 'call':
        this.call(node.name, 'condition');
        for (const arg of node.args) this.operand(arg, 'conditionOperand');
        return;
      case 'compare':
        this.operand(node.left, 'conditionOperand');
        this.operand(node.right, 'conditionOperand');
        return;
      case 'between':
        for (const op of [node.operand, node.low, node.high]) this.operand(op, 'conditionOperand');
        return;
      case 'in':
        this.operand(node.operand, 'conditionOperand');
        for (const op of node.list) this.operand(op, 'conditionOperand');
        if (node.list.length > 100) {
          this.fail(
            `The IN operator is provided with too many operands; number of operands: ${node.list.length}`,
          );
        }
    }
  }

  /** A section keyword used again is reported after that section's own checks (DynamoDB Local 3.3). */
  update(node: ParsedUpdate): void {
    const seen = new Set<string>();
    for (const clause of node.clauses) {
      if (clause.type === 'REMOVE') {
        for (const path of clause.paths) this.path(path);
      } else {
        for (const action of clause.actions) {
          this.path(action.path);
          this.operand(action.value, 'updateValue');
        }
      }
      if (seen.has(clause.type)) {
        this.fail(`The "${clause.type}" section can only be used once in an update expression;`);
      }
      seen.add(clause.type);
    }
  }

  projection(paths: ParsedProjection): void {
    for (const path of paths) this.path(path);
  }

  private operand(node: ParsedOperand, place: Place): void {
    switch (node.type) {
      case 'path':
        this.path(node.path);
        return;
      case 'value':
        return;
      case 'arithmetic': {
        // PartiQL lets the type check name a list_append operand's type L (DynamoDB Local 3.3).
        const inner: Place = this.chainedArithmetic ? 'updateValue' : 'updateNested';
        this.operand(node.left, inner);
        this.operand(node.right, inner);
        return;
      }
      case 'call': {
        this.call(node.name, place);
        const inner: Place =
          place === 'condition' || place === 'conditionOperand'
            ? 'conditionOperand'
            : 'updateNested';
        const argPlace = node.name === 'list_append' ? 'updateNested' : inner;
        for (const arg of node.args) this.operand(arg, argPlace);
      }
    }
  }

  /** DynamoDB's function checks: known name, then allowed in this kind of expression, then here. */
  private call(name: string, place: Place): void {
    const isCondition = CONDITION_FUNCTIONS.has(name);
    const isUpdate = UPDATE_FUNCTIONS.has(name);
    if (!isCondition && !isUpdate && name !== 'size') {
      this.fail(`Invalid function name; function: ${name}`);
    }
    if (place === 'condition' || place === 'conditionOperand') {
      if (isUpdate)
        this.fail(`The function is not allowed in a condition expression; function: ${name}`);
      if ((place === 'condition') !== isCondition) this.misplaced(name);
      return;
    }
    if (!isUpdate)
      this.fail(`The function is not allowed in an update expression; function: ${name}`);
    // list_append only at the top of a SET value; if_not_exists may nest anywhere in it.
    if (name === 'list_append' && place === 'updateNested') this.misplaced(name);
  }

  private misplaced(name: string): never {
    return this.fail(
      `The function is not allowed to be used this way in an expression; function: ${name}`,
    );
  }

  private path(path: ParsedPath): void {
    for (const step of path.steps) {
      if (step.type === 'name' && isReservedWord(step.name)) {
        this.fail(`Attribute name is a reserved keyword; reserved keyword: ${step.name}`);
      }
    }
  }

  private fail(reason: string): never {
    throw expressionError(this.kind, reason);
  }
}

export function checkConditionStatically(kind: ExpressionKindName, node: ParsedCondition): void {
  new StaticChecker(kind).condition(node);
}

/** DynamoDB's limit on operators in one condition: AND, OR, NOT, comparisons, BETWEEN, IN and function calls. */
const MAX_OPERATORS = 300;

/** Operator counts of cached parses (the check runs for every request). */
const operatorCounts = new WeakMap<ParsedCondition, number>();

/**
 * Made once the condition is resolved (DynamoDB Local 3.3: a reserved word, an unknown function,
 * an undefined value or a wrong operand type anywhere is reported first); DynamoDB names the count
 * at which it stopped, always 301.
 */
export function checkOperatorCount(kind: ExpressionKindName, node: ParsedCondition): void {
  let count = operatorCounts.get(node);
  if (count === undefined) {
    count = countOperators(node);
    operatorCounts.set(node, count);
  }
  if (count > MAX_OPERATORS) {
    throw expressionError(
      kind,
      `The expression contains too many operators; operator count: ${MAX_OPERATORS + 1}`,
    );
  }
}

function countOperators(node: ParsedCondition | ParsedOperand): number {
  switch (node.type) {
    case 'and':
    case 'or':
      return 1 + countOperators(node.left) + countOperators(node.right);
    case 'not':
      return 1 + countOperators(node.operand);
    case 'compare':
      return 1 + countOperators(node.left) + countOperators(node.right);
    case 'between':
      return 1 + [node.operand, node.low, node.high].reduce((n, op) => n + countOperators(op), 0);
    case 'in':
      return 1 + [node.operand, ...node.list].reduce((n, op) => n + countOperators(op), 0);
    case 'call':
      return 1 + node.args.reduce((n, arg) => n + countOperators(arg), 0);
    case 'arithmetic':
      return 1 + countOperators(node.left) + countOperators(node.right);
    case 'path':
    case 'value':
      return 0;
  }
}

export function checkUpdateStatically(node: ParsedUpdate, chainedArithmetic = false): void {
  new StaticChecker('UpdateExpression', chainedArithmetic).update(node);
}

export function checkProjectionStatically(paths: ParsedProjection): void {
  new StaticChecker('ProjectionExpression').projection(paths);
}
