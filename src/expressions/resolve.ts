// Per-request resolution of #names/:values into the resolved AST, with DynamoDB's semantic checks in its order.

import { type AttributeType, type AttributeValue, typeOf } from '../model/attribute-value.js';
import type {
  DocumentPath,
  ParsedCondition,
  ParsedOperand,
  ParsedPath,
  ParsedUpdate,
  ResolvedCondition,
  ResolvedOperand,
  ResolvedUpdate,
  SetAction,
  UpdateClause,
} from './ast.js';
import { base64Bytes, compareOrdered } from './compare-values.js';
import { type ExpressionKindName, expressionError } from './parser.js';
import { PathTree, pathText } from './path-overlap.js';
import type { RequestScope } from './scope.js';

const MAX_NESTING_LEVELS = 32;
const ORDERED_TYPES: ReadonlySet<string> = new Set(['N', 'S', 'B']);
const SIZED_TYPES: ReadonlySet<string> = new Set(['S', 'B', 'SS', 'NS', 'BS', 'L', 'M']);
const TYPE_NAMES: ReadonlySet<string> = new Set([
  'S',
  'SS',
  'N',
  'NS',
  'B',
  'BS',
  'BOOL',
  'NULL',
  'L',
  'M',
]);
/** DynamoDB's own words for attribute_type's second operand when it is a document path. */
const ATTRIBUTE_TYPE_PATH_OPERAND =
  '{FS,S,DOUBLE,SS,DECIMALSET,DECIMAL,DICT,INT,B,NS,N,HDS,INTSET,M,DOUBLESET,BOOL,FLOAT,BS,NULL,L,HD}';
const ARITY: Readonly<Record<string, number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
};
/** Update operand type names as DynamoDB prints them in ADD/DELETE errors. */
const UPDATE_TYPE_NAMES: Readonly<Record<AttributeType, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  L: 'LIST',
  M: 'MAP',
};

/** The type an operand has before any item is seen: values and function results; paths unknown. */
export function staticType(operand: ResolvedOperand): AttributeType | undefined {
  switch (operand.type) {
    case 'value':
      return typeOf(operand.value);
    case 'call':
      if (operand.name === 'size') return 'N';
      if (operand.name === 'list_append') return 'L';
      return undefined;
    case 'arithmetic':
      return 'N';
    case 'path':
      return undefined;
  }
}

export class Resolver {
  constructor(
    private readonly kind: ExpressionKindName,
    private readonly scope: RequestScope,
  ) {}

  /** Conditions: each node's checks run right after its operands resolve (DynamoDB's order). */
  condition(node: ParsedCondition): ResolvedCondition {
    switch (node.type) {
      case 'and':
      case 'or':
        return {
          type: node.type,
          left: this.condition(node.left),
          right: this.condition(node.right),
        };
      case 'not':
        return { type: 'not', operand: this.condition(node.operand) };
      case 'call': {
        const args = node.args.map((arg) => this.operand(arg, true));
        this.checkCall(node.name, args);
        return { type: 'call', name: node.name, args };
      }
      case 'compare': {
        const left = this.operand(node.left, true);
        const right = this.operand(node.right, true);
        this.checkDistinct(node.op, left, [right]);
        if (node.op !== '=' && node.op !== '<>')
          this.checkTypes(node.op, [left, right], ORDERED_TYPES);
        return { type: 'compare', op: node.op, left, right };
      }
      case 'between':
        return this.between(node);
      case 'in': {
        const operand = this.operand(node.operand, true);
        const list = node.list.map((op) => this.operand(op, true));
        this.checkDistinct('IN', operand, list);
        return { type: 'in', operand, list };
      }
    }
  }

  /**
   * Updates, as DynamoDB Local 3.3 resolves them: the actions last to first, first every target
   * (names, nesting, overlaps with the targets before it), then every value, each checked (types,
   * function operands) as soon as it resolves.
   */
  update(node: ParsedUpdate): ResolvedUpdate {
    const { clauses } = node;
    const targets = new PathTree(this.kind);
    const paths: DocumentPath[][] = clauses.map(() => []);
    for (let c = clauses.length - 1; c >= 0; c--) {
      const clause = clauses[c]!;
      const parsed = clause.type === 'REMOVE' ? clause.paths : clause.actions.map((a) => a.path);
      for (let i = parsed.length - 1; i >= 0; i--) {
        const path = this.path(parsed[i]!);
        targets.add(path);
        paths[c]![i] = path;
      }
    }
    const values: ResolvedOperand[][] = clauses.map(() => []);
    for (let c = clauses.length - 1; c >= 0; c--) {
      const clause = clauses[c]!;
      if (clause.type === 'REMOVE') continue;
      for (let i = clause.actions.length - 1; i >= 0; i--) {
        const value = this.operand(clause.actions[i]!.value, false);
        if (clause.type === 'SET') this.checkOperand(value);
        else this.checkAddDelete(clause.type, value);
        values[c]![i] = value;
      }
    }
    return {
      clauses: clauses.map((clause, c): UpdateClause<DocumentPath, AttributeValue> => {
        if (clause.type === 'REMOVE') return { type: 'REMOVE', paths: paths[c]! };
        const actions = clause.actions.map((_, i): SetAction<DocumentPath, AttributeValue> => ({
          path: paths[c]![i]!,
          value: values[c]![i]!,
        }));
        return { type: clause.type, actions };
      }),
    };
  }

  /** Projections: last path first, each resolved and checked against those after it. */
  projection(parsed: readonly ParsedPath[]): DocumentPath[] {
    const paths = new PathTree(this.kind);
    const resolved: DocumentPath[] = [];
    for (let i = parsed.length - 1; i >= 0; i--) {
      resolved[i] = this.path(parsed[i]!);
      paths.add(resolved[i]!);
    }
    return resolved;
  }

  path(path: ParsedPath): DocumentPath {
    const resolved = path.steps.map((step) => {
      if (step.type === 'name') return step.name;
      if (step.type === 'index') return step.index;
      const name = this.scope.name(step.ref);
      if (name === undefined) {
        this.fail(
          `An expression attribute name used in the document path is not defined; attribute name: ${step.ref}`,
        );
      }
      return name;
    });
    if (resolved.length > MAX_NESTING_LEVELS) {
      this.fail(
        `The document path has too many nesting levels; nesting levels: ${resolved.length}`,
      );
    }
    return resolved;
  }

  private operand(node: ParsedOperand, check: boolean): ResolvedOperand {
    switch (node.type) {
      case 'path':
        return { type: 'path', path: this.path(node.path) };
      case 'value': {
        const value = this.scope.value(node.value);
        if (value === undefined) {
          this.fail(
            `An expression attribute value used in expression is not defined; attribute value: ${node.value}`,
          );
        }
        return { type: 'value', value };
      }
      case 'call': {
        const args = node.args.map((arg) => this.operand(arg, check));
        if (check) this.checkCall(node.name, args);
        return { type: 'call', name: node.name, args };
      }
      case 'arithmetic':
        return {
          type: 'arithmetic',
          op: node.op,
          left: this.operand(node.left, check),
          right: this.operand(node.right, check),
        };
    }
  }

  private between(node: Extract<ParsedCondition, { type: 'between' }>): ResolvedCondition {
    const operand = this.operand(node.operand, true);
    const low = this.operand(node.low, true);
    const high = this.operand(node.high, true);
    // Types before distinct operands here (DynamoDB Local 3.3: `a BETWEEN :map AND a`).
    this.checkTypes('BETWEEN', [operand, low, high], ORDERED_TYPES);
    this.checkDistinct('BETWEEN', operand, [low, high]);
    if (low.type === 'value' && high.type === 'value') {
      const bounds = `lower bound operand: AttributeValue: ${javaText(low.value)}, upper bound operand: AttributeValue: ${javaText(high.value)}`;
      if (typeOf(low.value) !== typeOf(high.value)) {
        this.fail(
          `The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`,
        );
      }
      if (compareOrdered(low.value, high.value)! > 0) {
        this.fail(
          `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`,
        );
      }
    }
    return { type: 'between', operand, low, high };
  }

  /** Re-checks a resolved update operand tree (calls and arithmetic), children first. */
  private checkOperand(node: ResolvedOperand): void {
    if (node.type === 'call') {
      for (const arg of node.args) this.checkOperand(arg);
      this.checkCall(node.name, node.args);
    } else if (node.type === 'arithmetic') {
      this.checkOperand(node.left);
      this.checkOperand(node.right);
      this.checkTypes(node.op, [node.left, node.right], NUMBER_ONLY);
    }
  }

  private checkAddDelete(op: 'ADD' | 'DELETE', value: ResolvedOperand): void {
    const type = staticType(value)!;
    const allowed = op === 'ADD' ? type === 'N' || isSetType(type) : isSetType(type);
    if (!allowed) {
      this.fail(
        `Incorrect operand type for operator or function; operator: ${op}, operand type: ${UPDATE_TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_${op}_OPERAND`,
      );
    }
  }

  /** Arity, then document-path operands (existence tests only), then distinct operands, then types. */
  private checkCall(name: string, args: readonly ResolvedOperand[]): void {
    if (args.length !== ARITY[name]) {
      this.fail(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    const first = args[0]!;
    if (
      name === 'attribute_exists' ||
      name === 'attribute_not_exists' ||
      name === 'if_not_exists'
    ) {
      if (first.type !== 'path') {
        this.fail(`Operator or function requires a document path; operator or function: ${name}`);
      }
    }
    if (name === 'attribute_type' || name === 'begins_with' || name === 'contains') {
      this.checkDistinct(name, first, args.slice(1));
    }
    if (name === 'size') this.checkTypes(name, args, SIZED_TYPES);
    if (name === 'begins_with') this.checkTypes(name, args, STRING_OR_BINARY);
    if (name === 'list_append') this.checkTypes(name, args, LIST_ONLY);
    if (name === 'attribute_type') this.checkTypeName(args[1]!);
  }

  private checkTypeName(operand: ResolvedOperand): void {
    if (operand.type === 'path') this.badOperand('attribute_type', ATTRIBUTE_TYPE_PATH_OPERAND);
    const type = staticType(operand);
    if (type !== 'S') this.badOperand('attribute_type', String(type));
    const name = (operand as { value: { S: string } }).value.S;
    if (!TYPE_NAMES.has(name)) {
      this.fail(
        `Invalid attribute type name found; type: ${name}, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}`,
      );
    }
  }

  private checkTypes(
    op: string,
    operands: readonly ResolvedOperand[],
    allowed: ReadonlySet<string>,
  ): void {
    for (const operand of operands) {
      const type = staticType(operand);
      if (type !== undefined && !allowed.has(type)) this.badOperand(op, type);
    }
  }

  /** DynamoDB rejects `a = a`, `a IN (b, a)`, … : the first path may not reappear among the others. */
  private checkDistinct(
    op: string,
    first: ResolvedOperand,
    rest: readonly ResolvedOperand[],
  ): void {
    if (first.type !== 'path') return;
    const repeated = rest.some(
      (other) => other.type === 'path' && samePath(other.path, first.path),
    );
    if (repeated) {
      this.fail(
        `The first operand must be distinct from the remaining operands for this operator or function; operator: ${op}, first operand: ${pathText(first.path)}`,
      );
    }
  }

  private badOperand(op: string, type: string): never {
    return this.fail(
      `Incorrect operand type for operator or function; operator or function: ${op}, operand type: ${type}`,
    );
  }

  private fail(reason: string): never {
    throw expressionError(this.kind, reason);
  }
}

const NUMBER_ONLY: ReadonlySet<string> = new Set(['N']);
const STRING_OR_BINARY: ReadonlySet<string> = new Set(['S', 'B']);
const LIST_ONLY: ReadonlySet<string> = new Set(['L']);

function isSetType(type: AttributeType): boolean {
  return type === 'SS' || type === 'NS' || type === 'BS';
}

export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.length === b.length && a.every((element, i) => element === b[i]);
}

/** How DynamoDB (Java) prints a scalar AttributeValue in BETWEEN messages. */
function javaText(value: AttributeValue): string {
  if ('B' in value) {
    const length = base64Bytes(value.B).length;
    return `{B:java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]}`;
  }
  const type = typeOf(value);
  return `{${type}:${(value as Record<string, unknown>)[type] as string}}`;
}

export { pathText };
