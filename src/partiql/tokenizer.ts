// PartiQL's lexical layer: words, "quoted names", 'strings', numbers, `?` and punctuation.

import { malformedStatement } from './errors.js';

export type Token =
  | { readonly type: 'word'; readonly text: string; readonly upper: string }
  | { readonly type: 'name'; readonly text: string } // "quoted identifier"
  | { readonly type: 'string'; readonly text: string }
  | { readonly type: 'number'; readonly text: string }
  | { readonly type: 'punct'; readonly text: string }
  | { readonly type: 'end'; readonly text: '' };

const PUNCTUATION = [
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
      tokens.push({ type: char === "'" ? 'string' : 'name', text });
      at = next;
      continue;
    }
    const number = match(NUMBER);
    if (number !== undefined) {
      tokens.push({ type: 'number', text: number });
      at += number.length;
      continue;
    }
    const word = match(WORD);
    if (word !== undefined) {
      tokens.push({ type: 'word', text: word, upper: word.toUpperCase() });
      at += word.length;
      continue;
    }
    const punct = PUNCTUATION.find((p) => statement.startsWith(p, at));
    if (punct === undefined) throw malformedStatement(statement);
    tokens.push({ type: 'punct', text: punct });
    at += punct.length;
  }
  tokens.push({ type: 'end', text: '' });
  return tokens;
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
