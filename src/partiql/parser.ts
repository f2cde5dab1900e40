// Recursive-descent parser of DynamoDB's PartiQL subset: tokens → Statement (ast.ts).

import type {
  Expr,
  MapEntry,
  OrderBy,
  ParsedStatement,
  PathStep,
  ReturningElement,
  Statement,
  TableRef,
  UpdateAction,
} from './ast.js';
import { validationError } from '../errors/dynamodb-error.js';
import { EMPTY_IN, malformedStatement } from './errors.js';
import { orderByTermType } from './order-by.js';
import {
  formatPosition,
  type Position,
  tokenize,
  type Token,
  unsupportedToken,
} from './tokenizer.js';

const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
/** Words that end a term, so they never start a path. */
const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'IS',
  'WHERE',
  'FROM',
  'SELECT',
  'ORDER',
  'BY',
  'SET',
  'REMOVE',
  'VALUE',
  'INTO',
  'ASC',
  'DESC',
  'TRUE',
  'FALSE',
  'NULL',
  'MISSING',
  'RETURNING',
  'LIKE',
  'ESCAPE',
]);

/** Words that may follow a projection term or the table of a SELECT (so are no alias). */
const CLAUSE_WORDS = new Set([
  ...KEYWORDS,
  'AS',
  'JOIN',
  'ON',
  'GROUP',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'UNION',
  'INTERSECT',
  'EXCEPT',
]);

export function parseStatement(statement: string): ParsedStatement {
  return new Parser(statement).parse();
}

class Parser {
  private readonly tokens: Token[];
  private at = 0;
  private parameters = 0;
  /** SELECT features DynamoDB parses but refuses, by the order it reports them in. */
  private readonly refused: Array<{ readonly rank: number; readonly error: Error }> = [];

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): ParsedStatement {
    const statement = this.statement();
    // DynamoDB Local 3.3 accepts one trailing semicolon.
    this.acceptPunct(';');
    if (this.peek().type !== 'end') throw this.fail();
    const refused = this.refused.sort((a, b) => a.rank - b.rank)[0];
    if (refused !== undefined) throw refused.error;
    return { statement, parameterCount: this.parameters };
  }

  private fail(): Error {
    return malformedStatement(this.text);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.at++;
    return token;
  }

  private isWord(upper: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'word' && token.upper === upper;
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.text === text;
  }

  private acceptWord(upper: string): boolean {
    if (!this.isWord(upper)) return false;
    this.at++;
    return true;
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.at++;
    return true;
  }

  private expectWord(upper: string): void {
    if (!this.acceptWord(upper)) throw this.fail();
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw this.fail();
  }

  private statement(): Statement {
    const first = this.queryStatement();
    if (first === undefined || !this.isSetOperator()) return first ?? this.expressionStatement();
    // `… UNION [ALL|DISTINCT] SELECT …` (or INTERSECT, EXCEPT) parses as one expression, which
    // DynamoDB does not run (parse-request.ts); what its SELECTs would refuse never shows.
    while (this.isSetOperator()) {
      this.at++;
      if (!this.acceptWord('ALL')) this.acceptWord('DISTINCT');
      if (this.queryStatement() === undefined) throw this.fail();
    }
    this.refused.length = 0;
    return { kind: 'expression', node: undefined };
  }

  private isSetOperator(): boolean {
    return this.isWord('UNION') || this.isWord('INTERSECT') || this.isWord('EXCEPT');
  }

  /** A statement that starts with a keyword (or `(SELECT`), or undefined for an expression. */
  private queryStatement(): Statement | undefined {
    if (this.acceptWord('SELECT')) return this.select();
    if (this.acceptWord('INSERT')) return this.insert();
    if (this.acceptWord('UPDATE')) return this.update();
    if (this.acceptWord('DELETE')) return this.remove();
    if (this.isWord('EXISTS') && this.peek(1).text === '(' && this.isWord('SELECT', 2)) {
      this.at += 3;
      const select = this.select();
      this.expectPunct(')');
      return { kind: 'exists', select };
    }
    // `(SELECT …)` runs as the SELECT (DynamoDB Local 3.3).
    if (this.isPunct('(') && this.isWord('SELECT', 1)) {
      this.at += 2;
      const select = this.select();
      this.expectPunct(')');
      return select;
    }
    return undefined;
  }

  /** Any other well-formed expression: DynamoDB parses it, then refuses to run it. */
  private expressionStatement(): Statement {
    const start = this.peek();
    const expr = this.expr();
    if (expr.t === 'path') {
      const lone = expr.path.length === 1 && start.type !== 'punct';
      return { kind: 'expression', node: lone ? 'VariableReference' : 'Path' };
    }
    if (expr.t === 'param') return { kind: 'expression', node: 'Parameter' };
    const literal = ['string', 'number', 'bool', 'null', 'missing'].includes(expr.t);
    return { kind: 'expression', node: literal ? 'Literal' : undefined };
  }

  private select(): Statement & { kind: 'select' } {
    this.selectQuantifier();
    let projection: PathStep[][] | undefined;
    let projectionError: Position | undefined;
    if (!this.acceptPunct('*')) {
      projection = [];
      // Any term parses; one that is not a path is refused after parsing (DynamoDB Local 3.3).
      do {
        const term = this.expr();
        if (term.t === 'path') projection.push([...term.path]);
        else projectionError ??= term.at;
        this.alias();
      } while (this.acceptPunct(','));
    }
    this.expectWord('FROM');
    const source = this.fromSource();
    this.alias();
    while (this.acceptPunct(',') || this.acceptWord('JOIN')) {
      this.refuse(6, 'Only select from a single table or index is supported.');
      this.tableRef();
      this.alias();
      if (this.acceptWord('ON')) this.expr();
    }
    const where = this.acceptWord('WHERE') ? this.expr() : undefined;
    if (this.acceptWord('GROUP')) {
      this.expectWord('BY');
      do this.expr();
      while (this.acceptPunct(','));
      if (this.acceptWord('HAVING')) this.expr();
      this.refuse(2, 'Unsupported clause: GROUP BY');
    } else if (this.acceptWord('HAVING')) {
      const start = this.peek().at;
      const condition = this.expr();
      this.refuse(0, `Unsupported clause: HAVING at ${formatPosition(condition.at ?? start)}`);
    }
    const orderBy: OrderBy[] = [];
    if (this.acceptWord('ORDER')) {
      this.expectWord('BY');
      do {
        const term = this.expr();
        const descending = this.acceptWord('DESC');
        if (!descending) this.acceptWord('ASC');
        const nonVariable = orderByTermType(term);
        if (nonVariable === undefined && term.t === 'path')
          orderBy.push({ path: term.path, descending });
        else orderBy.push({ path: [], descending, nonVariable });
      } while (this.acceptPunct(','));
    }
    if (this.acceptWord('LIMIT')) {
      const value = this.peek();
      this.additive();
      this.refuse(1, `Unsupported clause: LIMIT at ${formatPosition(value.at)}`);
    }
    return { kind: 'select', source, projection, projectionError, where, orderBy };
  }

  /** The table (or index) a SELECT reads; a subquery parses, and DynamoDB refuses it. */
  private fromSource(): TableRef {
    if (!this.acceptPunct('(')) return this.tableRef();
    if (this.queryStatement() === undefined) this.expr();
    this.expectPunct(')');
    this.refuse(7, 'Unexpected from source');
    return { tableName: '' };
  }

  /** `SELECT ALL` is plain SELECT; DISTINCT and VALUE parse but DynamoDB refuses them. */
  private selectQuantifier(): void {
    const quantifier = this.peek();
    const next = this.peek(1);
    if (quantifier.type !== 'word' || (next.type === 'word' && next.upper === 'FROM')) return;
    if (quantifier.upper === 'ALL') this.at++;
    else if (quantifier.upper === 'DISTINCT') {
      this.at++;
      this.refuse(3, 'Unsupported token in expression: DISTINCT');
    } else if (quantifier.upper === 'VALUE') {
      this.at++;
      this.refuse(4, "Select projection doesn't support value or pivot keywords");
    }
  }

  /** `AS name` or a bare name after a projection term or table: DynamoDB refuses aliases. */
  private alias(): void {
    const token = this.peek();
    const bare = token.type === 'name' || (token.type === 'word' && !CLAUSE_WORDS.has(token.upper));
    if (!this.acceptWord('AS') && !bare) return;
    this.identifier();
    this.refuse(5, 'Aliasing is not supported');
  }

  private refuse(rank: number, message: string): void {
    this.refused.push({ rank, error: validationError(message) });
  }

  private insert(): Statement {
    this.expectWord('INTO');
    const source = this.tableRef();
    // DynamoDB Local 3.3 parses `INSERT INTO t {…}` (PartiQL's InsertOp) but does not run it.
    if (this.acceptPunct('{')) throw validationError('Unsupported operation: InsertOp');
    this.expectWord('VALUE');
    const value = this.expr();
    return { kind: 'insert', source, value, returning: this.returning() };
  }

  private update(): Statement {
    const source = this.tableRef();
    const actions: UpdateAction[] = [];
    for (;;) {
      if (this.acceptWord('SET')) {
        do {
          const path = this.path();
          this.expectPunct('=');
          actions.push({ type: 'SET', path, value: this.additive() });
        } while (this.acceptPunct(','));
      } else if (this.acceptWord('REMOVE')) {
        do actions.push({ type: 'REMOVE', path: this.path() });
        while (this.acceptPunct(','));
      } else break;
    }
    if (actions.length === 0) throw this.fail();
    const where = this.acceptWord('WHERE') ? this.expr() : undefined;
    return { kind: 'update', source, actions, where, returning: this.returning() };
  }

  private remove(): Statement {
    this.expectWord('FROM');
    const source = this.tableRef();
    const where = this.acceptWord('WHERE') ? this.expr() : undefined;
    return { kind: 'delete', source, where, returning: this.returning() };
  }

  /** `RETURNING element, …`: every element is parsed; which ones run is decided later. */
  private returning(): ReturningElement[] {
    if (!this.acceptWord('RETURNING')) return [];
    const elements = [this.returningElement()];
    while (this.acceptPunct(',')) elements.push(this.returningElement());
    return elements;
  }

  private returningElement(): ReturningElement {
    const scope = this.acceptWord('ALL') ? 'ALL' : this.acceptWord('MODIFIED') ? 'MODIFIED' : '';
    const image = this.acceptWord('NEW') ? 'NEW' : this.acceptWord('OLD') ? 'OLD' : '';
    if (scope === '' || image === '') throw this.fail();
    const star = this.acceptPunct('*');
    if (!star) this.additive();
    return { scope, image, star };
  }

  private tableRef(): TableRef {
    const tableName = this.identifier();
    if (!this.acceptPunct('.')) return { tableName };
    return { tableName, indexName: this.identifier() };
  }

  private identifier(): string {
    const token = this.next();
    if (token.type === 'name') return token.text;
    if (token.type === 'word' && !KEYWORDS.has(token.upper)) return token.text;
    throw this.fail();
  }

  private path(): PathStep[] {
    const steps: PathStep[] = [this.identifier()];
    for (;;) {
      if (this.acceptPunct('.')) steps.push(this.identifier());
      else if (this.acceptPunct('[')) {
        const index = this.next();
        if (index.type !== 'number' || !/^\d+$/.test(index.text)) throw this.fail();
        steps.push(Number(index.text));
        this.expectPunct(']');
      } else return steps;
    }
  }

  private expr(): Expr {
    let left = this.conjunction();
    for (let at = this.peek().at; this.acceptWord('OR'); at = this.peek().at)
      left = { t: 'or', left, right: this.conjunction(), at };
    return left;
  }

  private conjunction(): Expr {
    let left = this.negation();
    for (let at = this.peek().at; this.acceptWord('AND'); at = this.peek().at)
      left = { t: 'and', left, right: this.negation(), at };
    return left;
  }

  private negation(): Expr {
    const at = this.peek().at;
    if (this.acceptWord('NOT')) return { t: 'not', operand: this.negation(), at };
    return this.predicate();
  }

  private predicate(): Expr {
    const operand = this.additive();
    const token = this.peek();
    if (token.type === 'punct' && COMPARISONS.has(token.text)) {
      this.at++;
      return {
        t: 'compare',
        op: token.text === '!=' ? '<>' : token.text,
        left: operand,
        right: this.additive(),
        at: token.at,
      };
    }
    if (this.acceptWord('IS')) {
      const negated = this.acceptWord('NOT');
      const is = { operand, negated, at: token.at };
      if (this.acceptWord('MISSING')) return { t: 'is', ...is, what: 'MISSING' };
      if (this.acceptWord('NULL')) return { t: 'is', ...is, what: 'NULL' };
      throw this.fail();
    }
    const like = this.isWord('NOT') && this.isWord('LIKE', 1) ? 2 : this.isWord('LIKE') ? 1 : 0;
    if (like > 0) {
      this.at += like;
      const pattern = this.additive();
      if (this.acceptWord('ESCAPE')) this.additive();
      const result: Expr = { t: 'arith', op: 'like', left: operand, right: pattern, at: token.at };
      return like === 2 ? { t: 'not', operand: result, at: token.at } : result;
    }
    const negated = this.isWord('NOT') && (this.isWord('BETWEEN', 1) || this.isWord('IN', 1));
    if (negated) this.at++;
    const result = this.rangePredicate(operand);
    if (result === undefined) {
      if (negated) throw this.fail();
      return operand;
    }
    return negated ? { t: 'not', operand: result, at: token.at } : result;
  }

  private rangePredicate(operand: Expr): Expr | undefined {
    const at = this.peek().at;
    if (this.acceptWord('BETWEEN')) {
      const low = this.additive();
      this.expectWord('AND');
      return { t: 'between', operand, low, high: this.additive(), at };
    }
    if (!this.acceptWord('IN')) return undefined;
    const close = this.acceptPunct('[') ? ']' : (this.expectPunct('('), ')');
    // Neither an empty list nor a subquery is a list of values to DynamoDB.
    if (this.acceptPunct(close) || this.isWord('SELECT')) throw validationError(EMPTY_IN);
    const list = [this.additive()];
    while (this.acceptPunct(',')) list.push(this.additive());
    this.expectPunct(close);
    return { t: 'in', operand, list, at };
  }

  private additive(): Expr {
    let left = this.primary();
    for (;;) {
      const op = this.isPunct('+')
        ? '+'
        : this.isPunct('-')
          ? '-'
          : this.isPunct('||')
            ? '||'
            : undefined;
      if (op === undefined) return left;
      const at = this.next().at;
      left = { t: 'arith', op, left, right: this.primary(), at };
    }
  }

  private primary(): Expr {
    const token = this.peek();
    const at = token.at;
    if (token.type === 'string') return (this.next(), { t: 'string', value: token.text, at });
    if (token.type === 'number') return (this.next(), { t: 'number', value: token.text, at });
    if (token.type === 'name') return this.pathTerm();
    if (token.type === 'punct') return this.punctuationTerm(token.text);
    if (token.type !== 'word') throw this.fail();
    const literal = this.wordLiteral(token.upper);
    if (literal !== undefined) return (this.next(), { ...literal, at });
    if (token.upper === 'EXISTS' && this.peek(1).text === '(' && this.isWord('SELECT', 2)) {
      // Positioned at its SELECT: inside a condition DynamoDB refuses that token (translate.ts).
      const selectAt = this.peek(2).at;
      this.at += 3;
      this.select();
      this.expectPunct(')');
      return { t: 'call', name: 'exists', args: [], subquery: true, at: selectAt };
    }
    // PartiQL forms DynamoDB does not support, reported where DynamoDB Local 3.3 reports them.
    if (token.upper === 'CASE') throw unsupportedToken('CASE', at);
    if (token.upper === 'CAST' && this.peek(1).text === '(') {
      throw unsupportedToken('cast', this.peek(1).at);
    }
    if (this.peek(1).type === 'punct' && this.peek(1).text === '(') return this.call();
    return this.pathTerm();
  }

  /** A path; only a lone name has a position in DynamoDB's messages. */
  private pathTerm(): Expr {
    const at = this.peek().at;
    const path = this.path();
    return path.length === 1 ? { t: 'path', path, at } : { t: 'path', path };
  }

  private wordLiteral(upper: string): Expr | undefined {
    if (upper === 'TRUE' || upper === 'FALSE') return { t: 'bool', value: upper === 'TRUE' };
    if (upper === 'NULL') return { t: 'null' };
    if (upper === 'MISSING') return { t: 'missing' };
    return undefined;
  }

  private punctuationTerm(text: string): Expr {
    const at = this.next().at;
    switch (text) {
      case '?':
        return { t: 'param', index: this.parameters++, at };
      case '(': {
        const inner = this.expr();
        this.expectPunct(')');
        return inner;
      }
      case '-': {
        // `-1` is one literal, placed at its digits; `-x` an operation DynamoDB never runs.
        const number = this.peek();
        if (number.type !== 'number') return { t: 'negate', operand: this.primary(), at };
        this.next();
        return { t: 'number', value: `-${number.text}`, at: number.at };
      }
      case '<<':
        return { t: 'set', items: this.items('>>'), at };
      case '[':
        return { t: 'list', items: this.items(']'), at };
      case '{':
        return { t: 'map', entries: this.entries(), at };
      default:
        throw this.fail();
    }
  }

  private items(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.acceptPunct(close)) return items;
    do items.push(this.expr());
    while (this.acceptPunct(','));
    this.expectPunct(close);
    return items;
  }

  private entries(): MapEntry[] {
    const entries: MapEntry[] = [];
    if (this.acceptPunct('}')) return entries;
    do {
      const key = this.additive();
      this.expectPunct(':');
      entries.push([key, this.expr()]);
    } while (this.acceptPunct(','));
    this.expectPunct('}');
    return entries;
  }

  private call(): Expr {
    const { text, at } = this.next();
    const name = text.toLowerCase();
    this.expectPunct('(');
    const args: Expr[] = [];
    // COUNT(*) parses (DynamoDB then refuses it as a projection or condition term).
    if (name === 'count' && this.acceptPunct('*')) this.expectPunct(')');
    else if (!this.acceptPunct(')')) {
      do args.push(this.additive());
      while (this.acceptPunct(','));
      this.expectPunct(')');
    }
    return { t: 'call', name, args, at };
  }
}
