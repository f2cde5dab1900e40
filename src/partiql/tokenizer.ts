// PartiQL's lexical layer: words, "quoted names", 'strings', numbers, `?` and punctuation.

import { type DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import { malformedStatement } from './errors.js';

/**
 * Where a token stands, as DynamoDB's PartiQL errors quote it (`at line:column:length`): lines
 * end at \n, \r\n or \r; columns and lengths count code points, from 1 (DynamoDB Local 3.3).
 */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export type Token = (
  | { readonly type: 'word'; readonly text: string; readonly upper: string }
  | { readonly type: 'name'; readonly text: string } // "quoted identifier"
  | { readonly type: 'string'; readonly text: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'punct'; readonly text: string }
  | { readonly type: 'end'; readonly text: '' }
) & { readonly at: Position };

const PUNCTUATION = [
  '||',
  '<<',
  '>>',
  '<>',
  '!=',
  '<=',
  '>=',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  '*',
  '?',
  ':',
  '=',
  '<',
  '>',
  '+',
  '-',
  ';',
];
const WORD = /[A-Za-z_][A-Za-z0-9_$]*/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /(?:\s+|--[^\n]*)+/y;

export function tokenize(statement: string): Token[] {
  const tokens: Token[] = [];
  const locate = locator(statement);
  let at = 0;
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(statement);
    return found === null ? undefined : found[0];
  };
  while (at < statement.length) {
    const space = match(SPACE);
    if (space !== undefined) {
      at += space.length;
      continue;
    }
    const char = statement[at]!;
    if (char === "'" || char === '"') {
      const [text, next] = quoted(statement, at, char);
      tokens.push({ type: char === "'" ? 'string' : 'name', text, at: locate(at, next) });
      at = next;
      continue;
    }
    const number = match(NUMBER);
    if (number !== undefined) {
      tokens.push({ type: 'number', text: number, at: locate(at, at + number.length) });
      at += number.length;
      continue;
    }
    const word = match(WORD);
    if (word !== undefined) {
      const position = locate(at, at + word.length);
      tokens.push({ type: 'word', text: word, upper: word.toUpperCase(), at: position });
      at += word.length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => statement.startsWith(p, at));
    if (punct === undefined) throw malformedStatement(statement);
    tokens.push({ type: 'punct', text: punct, at: locate(at, at + punct.length) });
    at += punct.length;
  }
  tokens.push({ type: 'end', text: '', at: locate(at, at) });
  return tokens;
}

/** Positions of UTF-16 offsets in `text`, with the line starts found once. */
function locator(text: string): (start: number, end: number) => Position {
  const lineStarts = [0];
  for (const newline of text.matchAll(/\r\n?|\n/g)) {
    lineStarts.push(newline.index + newline[0].length);
  }
  const codePoints = (from: number, to: number): number => {
    let count = 0;
    for (let i = from; i < to; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 0xdc00 || unit > 0xdfff) count++; // a low surrogate ends a counted pair
    }
    return count;
  };
  return (start, end) => {
    let line = lineStarts.length - 1;
    while (lineStarts[line]! > start) line--;
    const column = codePoints(lineStarts[line]!, start) + 1;
    return { line: line + 1, column, length: codePoints(start, end) };
  };
}

export function formatPosition(at: Position): string {
  return `${at.line}:${at.column}:${at.length}`;
}

/** A PartiQL form DynamoDB parses but does not support, at the position DynamoDB Local reports. */
export function unsupportedToken(name: string, at: Position): DynamoDbError {
  return validationError(`Unsupported token in expression: ${name} at ${formatPosition(at)}`);
}

/** A quoted string or name; the quote is doubled to stand for itself, as in SQL. */
function quoted(statement: string, start: number, quote: string): [string, number] {
  let text = '';
  let at = start + 1;
  for (;;) {
    const close = statement.indexOf(quote, at);
    if (close < 0) throw malformedStatement(statement);
    text += statement.slice(at, close);
    if (statement[close + 1] !== quote) return [text, close + 1];
    text += quote;
    at = close + 2;
  }
}
