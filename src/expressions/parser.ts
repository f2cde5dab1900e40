// Recursive-descent parser for all five expression kinds, producing the parsed AST with DynamoDB's syntax errors.

import type { DynamoDbError } from '../errors/dynamodb-error.js';
import { validationError } from '../errors/dynamodb-error.js';
import type {
  ComparisonOperator,
  ParsedCondition,
  ParsedOperand,
  ParsedPath,
  ParsedPathStep,
  ParsedProjection,
  ParsedUpdate,
  SetAction,
  UpdateClause,
} from './ast.js';
import { type Token, tokenize } from './tokenizer.js';

export type ExpressionKindName =
  | 'ConditionExpression'
  | 'FilterExpression'
  | 'KeyConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression';

const MAX_LIST_INDEX = 2147483647;
/**
 * Parenthesis nesting beyond this cannot be valid (each level needs an operator, or is redundant);
 * the bound keeps hostile input from exhausting the stack.
 */
const MAX_NESTING = 400;
const COMPARATORS: ReadonlySet<string> = new Set(['=', '<>', '<', '<=', '>', '>=']);

/** `Invalid <Kind>: <reason>` — the prefix DynamoDB puts on every expression error. */
export function expressionError(kind: ExpressionKindName, reason: string): DynamoDbError {
  return validationError(`Invalid ${kind}: ${reason}`);
}

/** A condition-level term, or an operand not (yet) part of a condition, e.g. `(a)` in `(a) = b`. */
type Term =
  { readonly cond: ParsedCondition } | { readonly operand: ParsedOperand; readonly failAt: number };

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  private nesting = 0;
  /** Where each parenthesized group closes, by the position of its `(`. */
  private readonly groupCloseAt = new Map<number, number>();

  constructor(
    private readonly kind: ExpressionKindName,
    private readonly text: string,
    private readonly chainedArithmetic = false,
  ) {
    this.tokens = tokenize(text);
  }

  condition(): ParsedCondition {
    const cond = this.toCondition(this.orTerm());
    this.expectEnd();
    return cond;
  }

  update(): ParsedUpdate {
    const clauses: UpdateClause<ParsedPath, string>[] = [];
    do {
      const keyword = this.peek();
      const upper = keyword.text.toUpperCase();
      if (keyword.kind !== 'keyword' || !['SET', 'REMOVE', 'ADD', 'DELETE'].includes(upper)) {
        this.fail();
      }
      this.pos++;
      // A keyword used twice is a static check (static-check.ts), made after the others.
      clauses.push(this.clause(upper as UpdateClause<ParsedPath, string>['type']));
    } while (this.peek().kind !== 'eof');
    this.expectEnd();
    return { clauses };
  }

  projection(): ParsedProjection {
    const paths = [this.path()];
    while (this.isOp(',')) {
      this.pos++;
      paths.push(this.path());
    }
    this.expectEnd();
    return paths;
  }

  // --- conditions -------------------------------------------------------------------------------

  private orTerm(): Term {
    let term = this.andTerm();
    while (this.isKeyword('OR')) {
      const left = this.toCondition(term);
      this.pos++;
      const right = this.toCondition(this.andTerm());
      term = { cond: { type: 'or', left, right } };
    }
    return term;
  }

  private andTerm(): Term {
    let term = this.notTerm();
    while (this.isKeyword('AND')) {
      const left = this.toCondition(term);
      this.pos++;
      const right = this.toCondition(this.notTerm());
      term = { cond: { type: 'and', left, right } };
    }
    return term;
  }

  private notTerm(): Term {
    if (!this.isKeyword('NOT')) return this.primaryTerm();
    this.pos++;
    const operand = this.toCondition(this.notTerm());
    return { cond: { type: 'not', operand } };
  }

  private primaryTerm(): Term {
    if (this.isOp('(')) {
      const open = this.pos++;
      this.enter();
      const inner = this.orTerm();
      this.closeGroup(open);
      if ('cond' in inner) return { cond: inner.cond };
      return this.comparisonTail(inner.operand);
    }
    return this.comparisonTail(this.conditionOperand());
  }

  /** After an operand: a comparison, BETWEEN or IN, or nothing (the operand stays a bare term). */
  private comparisonTail(left: ParsedOperand): Term {
    const token = this.peek();
    if (token.kind === 'op' && COMPARATORS.has(token.text)) {
      this.pos++;
      const right = this.conditionOperand();
      return {
        cond: { type: 'compare', op: token.text as ComparisonOperator, left, right },
      };
    }
    if (this.isKeyword('BETWEEN')) {
      this.pos++;
      const low = this.conditionOperand();
      if (!this.isKeyword('AND')) this.fail();
      this.pos++;
      const high = this.conditionOperand();
      return { cond: { type: 'between', operand: left, low, high } };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expect('(');
      const list = [this.conditionOperand()];
      while (this.isOp(',')) {
        this.pos++;
        list.push(this.conditionOperand());
      }
      this.expect(')');
      return { cond: { type: 'in', operand: left, list } };
    }
    return { operand: left, failAt: this.pos };
  }

  /** A bare operand becomes a condition only when it is a function call (`attribute_exists(a)`). */
  private toCondition(term: Term): ParsedCondition {
    if ('cond' in term) return term.cond;
    if (term.operand.type === 'call') {
      return { type: 'call', name: term.operand.name, args: term.operand.args };
    }
    this.pos = term.failAt;
    return this.fail();
  }

  /** An operand of a condition: path, `:value`, function call, or any of them in parentheses. */
  private conditionOperand(): ParsedOperand {
    if (this.isOp('(')) return this.parenthesized(() => this.conditionOperand());
    return this.operand(() => this.conditionOperand());
  }

  // --- updates ----------------------------------------------------------------------------------

  private clause(type: UpdateClause<ParsedPath, string>['type']): UpdateClause<ParsedPath, string> {
    if (type === 'REMOVE') {
      const paths = [this.path()];
      while (this.isOp(',')) {
        this.pos++;
        paths.push(this.path());
      }
      return { type, paths };
    }
    const actions: SetAction<ParsedPath, string>[] = [];
    do {
      if (actions.length > 0) this.pos++;
      actions.push(type === 'SET' ? this.setAction() : this.valueAction());
    } while (this.isOp(','));
    return { type, actions };
  }

  private setAction(): SetAction<ParsedPath, string> {
    const path = this.path();
    this.expect('=');
    return { path, value: this.setValue() };
  }

  private valueAction(): SetAction<ParsedPath, string> {
    const path = this.path();
    return { path, value: this.valueRef() };
  }

  /**
   * `( value )`, or `term [+|- term]` where a term is an operand, optionally parenthesized
   * (DynamoDB allows one arithmetic operator per value): `(:a) + (:b)` and `(:a + :b)` parse,
   * `(:a + :b) + :c` and `:a + (:b + :c)` do not.
   */
  private setValue(): ParsedOperand {
    if (this.chainedArithmetic) return this.chainedValue();
    const left = this.isOp('(') ? this.parenthesized(() => this.setValue()) : this.updateOperand();
    const token = this.peek();
    if (
      left.type !== 'arithmetic' &&
      token.kind === 'op' &&
      (token.text === '+' || token.text === '-')
    ) {
      this.pos++;
      return { type: 'arithmetic', op: token.text, left, right: this.updateOperand() };
    }
    return left;
  }

  /** An update operand (path, `:value`, function call), optionally in parentheses. */
  private updateOperand(): ParsedOperand {
    if (this.isOp('(')) return this.parenthesized(() => this.updateOperand());
    return this.operand(() => this.updateOperand());
  }

  /** `( inner )` around an operand or update value. */
  private parenthesized(inner: () => ParsedOperand): ParsedOperand {
    const open = this.pos++;
    this.enter();
    const parsed = inner();
    this.closeGroup(open);
    return parsed;
  }

  /**
   * Expects the `)` of the group opened at `open`. A group holding nothing but another group is
   * redundant, for conditions and operands alike (`((a = b))`, `((a)) = b`, `size(((a)))`);
   * DynamoDB Local 3.3 reports it as the group closes, before any later syntax error.
   */
  private closeGroup(open: number): void {
    this.expect(')');
    this.nesting--;
    if (this.groupCloseAt.get(open + 1) === this.pos - 2) {
      throw expressionError(this.kind, 'The expression has redundant parentheses;');
    }
    this.groupCloseAt.set(open, this.pos - 1);
  }

  /**
   * PartiQL's SET value (see `parseUpdate`): `term (+|- term)*`, left-associative, where a term is
   * `( value )` or an operand whose function arguments are values too.
   */
  private chainedValue(): ParsedOperand {
    let left = this.chainedTerm();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || (token.text !== '+' && token.text !== '-')) return left;
      this.pos++;
      left = { type: 'arithmetic', op: token.text, left, right: this.chainedTerm() };
    }
  }

  private chainedTerm(): ParsedOperand {
    return this.maybeParenthesized(() => this.chainedValue());
  }

  /**
   * `( inner )` (counted against the nesting limit), or else a plain operand whose function-call
   * arguments are parsed by `inner` too.
   */
  private maybeParenthesized(inner: () => ParsedOperand): ParsedOperand {
    if (!this.isOp('(')) return this.operand(inner);
    this.pos++;
    this.enter();
    const parsed = inner();
    this.expect(')');
    this.nesting--;
    return parsed;
  }

  // --- operands and paths -----------------------------------------------------------------------

  private operand(argument: () => ParsedOperand): ParsedOperand {
    const token = this.peek();
    if (token.kind === 'valueRef') return { type: 'value', value: this.valueRefText() };
    if (token.kind === 'name' && this.tokens[this.pos + 1]!.text === '(') {
      this.pos += 2;
      this.enter();
      const args = [argument()];
      while (this.isOp(',')) {
        this.pos++;
        args.push(argument());
      }
      this.expect(')');
      this.nesting--;
      return { type: 'call', name: token.text, args };
    }
    return { type: 'path', path: this.path() };
  }

  private valueRef(): ParsedOperand {
    return { type: 'value', value: this.valueRefText() };
  }

  private valueRefText(): string {
    const token = this.peek();
    if (token.kind !== 'valueRef') this.fail();
    this.pos++;
    return token.text;
  }

  private path(): ParsedPath {
    const steps: ParsedPathStep[] = [this.pathName()];
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        steps.push(this.pathName());
      } else if (this.isOp('[')) {
        this.pos++;
        steps.push({ type: 'index', index: this.listIndex() });
      } else {
        return { steps };
      }
    }
  }

  private pathName(): ParsedPathStep {
    const token = this.peek();
    if (token.kind === 'name') {
      this.pos++;
      return { type: 'name', name: token.text };
    }
    if (token.kind === 'nameRef') {
      this.pos++;
      return { type: 'ref', ref: token.text };
    }
    return this.fail();
  }

  private listIndex(): number {
    const token = this.peek();
    if (token.kind !== 'number') this.fail();
    this.pos++;
    this.expect(']');
    const index = Number(token.text);
    if (index > MAX_LIST_INDEX) {
      throw expressionError(
        this.kind,
        `List index is not within the allowable range; index: [${token.text}]`,
      );
    }
    return index;
  }

  // --- token helpers ----------------------------------------------------------------------------

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  private isKeyword(upper: string): boolean {
    const token = this.peek();
    return token.kind === 'keyword' && token.text.toUpperCase() === upper;
  }

  private expect(text: string): void {
    if (!this.isOp(text)) this.fail();
    this.pos++;
  }

  private expectEnd(): void {
    if (this.peek().kind !== 'eof') this.fail();
  }

  private enter(): void {
    if (++this.nesting > MAX_NESTING) {
      throw expressionError(this.kind, 'The expression has redundant parentheses;');
    }
  }

  /** DynamoDB's syntax error: the offending token, and the text from the token before to the one after. */
  private fail(): never {
    const token = this.peek();
    const before = this.tokens[this.pos - 1];
    const after = this.tokens[this.pos + 1];
    const nearEnd = token.kind === 'eof' || after === undefined ? this.text.length : after.end;
    const near = this.text.slice(before?.start ?? 0, nearEnd);
    throw expressionError(this.kind, `Syntax error; token: "${token.text}", near: "${near}"`);
  }
}

function checkNotEmpty(kind: ExpressionKindName, text: string): void {
  if (text === '') throw expressionError(kind, 'The expression can not be empty;');
}

export function parseCondition(kind: ExpressionKindName, text: string): ParsedCondition {
  checkNotEmpty(kind, text);
  return new Parser(kind, text).condition();
}

/**
 * `chainedArithmetic`: the UpdateExpression a PartiQL UPDATE becomes. DynamoDB's PartiQL evaluates
 * any number of `+` / `-` in a SET value, left to right, with parentheses and inside function
 * arguments (DynamoDB Local 3.3); the UpdateExpression grammar allows one operator per value.
 */
export function parseUpdate(text: string, chainedArithmetic = false): ParsedUpdate {
  checkNotEmpty('UpdateExpression', text);
  return new Parser('UpdateExpression', text, chainedArithmetic).update();
}

export function parseProjection(text: string): ParsedProjection {
  checkNotEmpty('ProjectionExpression', text);
  return new Parser('ProjectionExpression', text).projection();
}
