// ProjectionExpression / AttributesToGet: parsing document paths and projecting items onto them.

import { validationError } from '../errors/dynamodb-error.js';
import { assertScalarKeyPaths } from './key-paths.js';
import { isReservedWord, KEYWORD_TOKENS } from '../expressions/reserved-words.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import {
  AttributeNameResolver,
  checkExpressionAttributeNames,
} from './expression-attribute-names.js';

/** One step of a document path: a map key (string) or a list index (number). */
export type PathElement = string | number;
export type DocumentPath = readonly PathElement[];

/** DynamoDB's limits on document paths. */
const MAX_NESTING_LEVELS = 32;
const MAX_LIST_INDEX = 2147483647;

type TokenKind = 'name' | 'placeholder' | 'number' | 'punctuation' | 'keyword' | 'other' | 'eof';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const TOKEN_PATTERNS: ReadonlyArray<readonly [TokenKind, RegExp]> = [
  ['name', /[a-zA-Z][a-zA-Z0-9_]*/y],
  ['placeholder', /[#:][a-zA-Z0-9_]+/y],
  ['number', /0|[1-9][0-9]*/y],
];

/** The expression lexer's tokens: whitespace skipped, one token for any unknown character. */
function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < expression.length) {
    if (/[ \t\r\n]/.test(expression[pos]!)) {
      pos++;
      continue;
    }
    const token = matchToken(expression, pos);
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: expression.length, end: expression.length });
  return tokens;
}

function matchToken(expression: string, pos: number): Token {
  for (const [kind, pattern] of TOKEN_PATTERNS) {
    pattern.lastIndex = pos;
    const match = pattern.exec(expression);
    if (match === null) continue;
    const text = match[0];
    const isKeyword = kind === 'name' && KEYWORD_TOKENS.has(text.toUpperCase());
    return { kind: isKeyword ? 'keyword' : kind, text, start: pos, end: pos + text.length };
  }
  const char = String.fromCodePoint(expression.codePointAt(pos)!);
  const kind = ',.[]'.includes(char) ? 'punctuation' : 'other';
  return { kind, text: char, start: pos, end: pos + char.length };
}

/** A parsed path before `#names` are resolved: placeholders keep their `#`. */
interface RawPath {
  readonly elements: ReadonlyArray<{ readonly name?: string; readonly index?: number }>;
}

class ProjectionParser {
  private pos = 0;

  constructor(
    private readonly expression: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): RawPath[] {
    const paths = [this.path()];
    while (this.peek().text === ',') {
      this.pos++;
      paths.push(this.path());
    }
    if (this.peek().kind !== 'eof') this.fail();
    return paths;
  }

  private path(): RawPath {
    const elements: Array<{ name?: string; index?: number }> = [{ name: this.name() }];
    for (;;) {
      const text = this.peek().text;
      if (text === '.') {
        this.pos++;
        elements.push({ name: this.name() });
      } else if (text === '[' && this.peek().kind === 'punctuation') {
        this.pos++;
        elements.push({ index: this.listIndex() });
      } else {
        return { elements };
      }
    }
  }

  private name(): string {
    const token = this.peek();
    const isName = token.kind === 'name' || (token.kind === 'placeholder' && token.text[0] === '#');
    if (!isName) this.fail();
    this.pos++;
    return token.text;
  }

  private listIndex(): number {
    const token = this.peek();
    if (token.kind !== 'number') this.fail();
    this.pos++;
    if (this.peek().text !== ']' || this.peek().kind !== 'punctuation') this.fail();
    this.pos++;
    const index = Number(token.text);
    if (index > MAX_LIST_INDEX) {
      throw invalid(`List index is not within the allowable range; index: [${token.text}]`);
    }
    return index;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  /** DynamoDB's syntax error: the offending token and the text from the token before to the one after. */
  private fail(): never {
    const token = this.peek();
    const before = this.tokens[this.pos - 1];
    const after = this.tokens[this.pos + 1];
    const nearEnd =
      token.kind === 'eof' || after === undefined ? this.expression.length : after.end;
    const near = this.expression.slice(before?.start ?? 0, nearEnd);
    throw invalid(`Syntax error; token: "${token.text}", near: "${near}"`);
  }
}

function invalid(reason: string): Error {
  return validationError(`Invalid ProjectionExpression: ${reason}`);
}

/**
 * Parses a ProjectionExpression into document paths, resolving `#names` through `names`.
 * Errors come in DynamoDB's order: syntax, reserved words, undefined names, nesting, overlaps.
 */
export function parseProjectionExpression(
  expression: string,
  names: AttributeNameResolver,
): DocumentPath[] {
  if (expression === '') throw invalid('The expression can not be empty;');
  const raw = new ProjectionParser(expression, tokenize(expression)).parse();
  const bare = raw.flatMap((path) => path.elements.flatMap((e) => (e.name ? [e.name] : [])));
  const reserved = bare.find((name) => name[0] !== '#' && isReservedWord(name));
  if (reserved !== undefined) {
    throw invalid(`Attribute name is a reserved keyword; reserved keyword: ${reserved}`);
  }
  const paths = raw.map((path) => path.elements.map((e) => resolveElement(e, names)));
  const deepest = paths.find((path) => path.length > MAX_NESTING_LEVELS);
  if (deepest !== undefined) {
    throw invalid(
      `The document path has too many nesting levels; nesting levels: ${deepest.length}`,
    );
  }
  checkOverlaps(paths);
  return paths;
}

function resolveElement(
  element: { readonly name?: string; readonly index?: number },
  names: AttributeNameResolver,
): PathElement {
  if (element.name === undefined) return element.index!;
  if (element.name[0] !== '#') return element.name;
  const resolved = names.resolve(element.name);
  if (resolved === undefined) {
    throw invalid(
      `An expression attribute name used in the document path is not defined; attribute name: ${element.name}`,
    );
  }
  return resolved;
}

/** One path may not contain another (overlap) nor index what another uses as a map (conflict). */
function checkOverlaps(paths: readonly DocumentPath[]): void {
  let conflict: string | undefined;
  for (let j = 1; j < paths.length; j++) {
    for (let i = 0; i < j; i++) {
      const verdict = comparePaths(paths[i]!, paths[j]!);
      if (verdict === 'overlap') {
        throw invalid(
          `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${pathText(paths[i]!)}, path two: ${pathText(paths[j]!)}`,
        );
      }
      if (verdict === 'conflict' && conflict === undefined) {
        conflict = `Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${pathText(paths[i]!)}, path two: ${pathText(paths[j]!)}`;
      }
    }
  }
  if (conflict !== undefined) throw invalid(conflict);
}

function comparePaths(a: DocumentPath, b: DocumentPath): 'overlap' | 'conflict' | 'disjoint' {
  for (let k = 0; k < a.length && k < b.length; k++) {
    if (typeof a[k] !== typeof b[k]) return 'conflict';
    if (a[k] !== b[k]) return 'disjoint';
  }
  return 'overlap';
}

function pathText(path: DocumentPath): string {
  return `[${path.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;
}

/** The requested paths as a tree: `true` marks a whole value; no two paths overlap. */
interface ProjectionNode {
  readonly keys: Map<string, ProjectionNode | true>;
  readonly indexes: Map<number, ProjectionNode | true>;
}

/** A compiled projection, reusable for every item of a request. */
export class Projection {
  private readonly root: ProjectionNode = newNode();

  constructor(readonly paths: readonly DocumentPath[]) {
    for (const path of paths) this.add(path);
  }

  /** The item reduced to the projected paths; containers left empty are omitted, as DynamoDB does. */
  apply(item: Item): Item {
    const result: Item = {};
    for (const [name, node] of this.root.keys) {
      const value = item[name];
      if (value === undefined) continue;
      const projected = node === true ? value : projectValue(value, node);
      if (projected !== undefined) result[name] = projected;
    }
    return result;
  }

  private add(path: DocumentPath): void {
    let node = this.root;
    path.forEach((element, i) => {
      const last = i === path.length - 1;
      const children: Map<PathElement, ProjectionNode | true> =
        typeof element === 'number' ? node.indexes : node.keys;
      const existing = children.get(element);
      if (last) {
        children.set(element, true);
      } else if (existing === undefined || existing === true) {
        const child = newNode();
        children.set(element, child);
        node = child;
      } else {
        node = existing;
      }
    });
  }
}

function newNode(): ProjectionNode {
  return { keys: new Map(), indexes: new Map() };
}

function projectValue(value: AttributeValue, node: ProjectionNode): AttributeValue | undefined {
  if ('M' in value && node.keys.size > 0) {
    const map: Record<string, AttributeValue> = {};
    for (const [name, child] of node.keys) {
      const inner = value.M[name];
      const projected = inner === undefined || child === true ? inner : projectValue(inner, child);
      if (projected !== undefined) map[name] = projected;
    }
    return Object.keys(map).length > 0 ? { M: map } : undefined;
  }
  if ('L' in value && node.indexes.size > 0) {
    const list: AttributeValue[] = [];
    for (const index of [...node.indexes.keys()].sort((a, b) => a - b)) {
      const inner = value.L[index];
      const child = node.indexes.get(index)!;
      const projected = inner === undefined || child === true ? inner : projectValue(inner, child);
      if (projected !== undefined) list.push(projected);
    }
    return list.length > 0 ? { L: list } : undefined;
  }
  return undefined;
}

/** The legacy AttributesToGet: top-level names only, no duplicates. */
export function projectionFromAttributesToGet(names: readonly string[]): Projection {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw validationError(
        `One or more parameter values were invalid: Duplicate value in attribute name: ${name}`,
      );
    }
    seen.add(name);
  }
  return new Projection(names.map((name) => [name]));
}

/** The projection members GetItem and each BatchGetItem table accept. */
export interface ProjectionParameters {
  readonly ProjectionExpression?: string;
  readonly AttributesToGet?: readonly string[];
  readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
}

/**
 * The request's projection (undefined: whole items), checked in DynamoDB's order. Callers first
 * check expression/legacy mixing (checkExpressionParameters) and the key's attribute values.
 */
export function requestProjection(parameters: ProjectionParameters): Projection | undefined {
  if (parameters.AttributesToGet !== undefined) {
    return projectionFromAttributesToGet(parameters.AttributesToGet);
  }
  const names = parameters.ExpressionAttributeNames;
  if (names !== undefined) checkExpressionAttributeNames(names);
  if (parameters.ProjectionExpression === undefined) return undefined;
  const resolver = new AttributeNameResolver(names);
  const paths = parseProjectionExpression(parameters.ProjectionExpression, resolver);
  resolver.assertAllUsed();
  return new Projection(paths);
}

/** Key attributes are scalars: a projection may not look inside them (checked once the table is known). */
export function checkKeyPaths(
  projection: Projection | undefined,
  keyNames: readonly string[],
): void {
  assertScalarKeyPaths(projection?.paths, keyNames);
}
