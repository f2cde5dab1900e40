// The expression lexer: turns expression text into tokens with their positions (for "near" in errors).

/**
 * `name`: an attribute name or function name (`[A-Za-z][A-Za-z0-9_]*`); `keyword`: AND OR NOT
 * BETWEEN IN SET REMOVE ADD DELETE in any case (never names, as in DynamoDB's grammar);
 * `nameRef` `#x`, `valueRef` `:x`; `number` a list index digit run (`0` alone, as DynamoDB
 * lexes `01` as `0` `1`); `op` punctuation and operators; `other` any other single UTF-16 code unit.
 */
export type TokenKind =
  'name' | 'keyword' | 'nameRef' | 'valueRef' | 'number' | 'op' | 'other' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'BETWEEN',
  'IN',
  'SET',
  'REMOVE',
  'ADD',
  'DELETE',
]);

export const EOF_TEXT = '<EOF>';

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNameChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 95;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Tokens of `text`, ending with one `eof` token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    const c = text.charCodeAt(pos);
    if (isSpace(c)) {
      pos++;
      continue;
    }
    const token = readToken(text, pos, c);
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ kind: 'eof', text: EOF_TEXT, start: n, end: n });
  return tokens;
}

function readToken(text: string, pos: number, c: number): Token {
  if (isLetter(c)) {
    const end = scan(text, pos + 1, isNameChar);
    const word = text.slice(pos, end);
    const kind = KEYWORDS.has(word.toUpperCase()) ? 'keyword' : 'name';
    return { kind, text: word, start: pos, end };
  }
  if ((c === 35 || c === 58) && pos + 1 < text.length && isNameChar(text.charCodeAt(pos + 1))) {
    const end = scan(text, pos + 1, isNameChar);
    return { kind: c === 35 ? 'nameRef' : 'valueRef', text: text.slice(pos, end), start: pos, end };
  }
  if (isDigit(c)) {
    const end = c === 48 ? pos + 1 : scan(text, pos + 1, isDigit);
    return { kind: 'number', text: text.slice(pos, end), start: pos, end };
  }
  return readOperator(text, pos, c);
}

function readOperator(text: string, pos: number, c: number): Token {
  const next = pos + 1 < text.length ? text.charCodeAt(pos + 1) : 0;
  // '<=' '>=' '<>'
  if ((c === 60 && (next === 61 || next === 62)) || (c === 62 && next === 61)) {
    return { kind: 'op', text: text.slice(pos, pos + 2), start: pos, end: pos + 2 };
  }
  // One UTF-16 code unit, as DynamoDB (Java) lexes: a character outside the BMP is two tokens.
  const char = text[pos]!;
  const kind = '()[],.=<>+-'.includes(char) ? 'op' : 'other';
  return { kind, text: char, start: pos, end: pos + 1 };
}

function scan(text: string, pos: number, accept: (c: number) => boolean): number {
  let end = pos;
  while (end < text.length && accept(text.charCodeAt(end))) end++;
  return end;
}
