// DynamoDB numbers: 38-digit decimals kept as canonical strings, compared and key-encoded exactly.

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';

/** DynamoDB keeps at most 38 significant digits. */
export const MAX_SIGNIFICANT_DIGITS = 38;
/** Largest decimal exponent of the first significant digit (9.99…E+125). */
export const MAX_EXPONENT = 125;
/** Smallest decimal exponent of the first significant digit (1E-130). */
export const MIN_EXPONENT = -130;

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_PLUS = 43;
const CODE_MINUS = 45;
const CODE_E = 69;
const CODE_LOWER_E = 101;

// Messages as real DynamoDB words them (DynamoDB Local words the first two differently:
// "A value provided cannot be converted into a number", "DynamoDB only supports precision up to 38 digits").
const NOT_A_NUMBER = 'The parameter cannot be converted to a numeric value';
const OVERFLOW =
  'Number overflow. Attempting to store a number with magnitude larger than supported range';
const UNDERFLOW =
  'Number underflow. Attempting to store a number with magnitude smaller than supported range';
const TOO_PRECISE = 'Attempting to store more than 38 significant digits in a Number';

function notANumber(text: string): DynamoDbError {
  return validationError(text === '' ? NOT_A_NUMBER : `${NOT_A_NUMBER}: ${text}`);
}

/**
 * Validates a wire number and returns DynamoDB's canonical form: plain notation (never an
 * exponent), no leading or trailing zeros, no `+`, `-0` as `0` (as GetItem returns it).
 * Accepts what Java's BigDecimal accepts (DynamoDB parses with it): sign, digits, optional
 * point, optional exponent, Unicode decimal digits; the exponent must fit a Java int.
 * Range checks follow DynamoDB's order: overflow, underflow, then precision.
 */
export function canonicalNumber(text: string): string {
  const n = text.length;
  let i = 0;
  let negative = false;
  let c = n > 0 ? text.charCodeAt(0) : 0;
  if (c === CODE_MINUS || c === CODE_PLUS) {
    negative = c === CODE_MINUS;
    i = 1;
  }
  // Mantissa: digits [intStart, intEnd) '.' digits [fracStart, mantEnd).
  const intStart = i;
  while (i < n && isAsciiDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  if (i < n && text.charCodeAt(i) === CODE_DOT) {
    i++;
    fracStart = i;
    while (i < n && isAsciiDigit(text.charCodeAt(i))) i++;
  }
  const mantEnd = i;
  const fracDigits = mantEnd - fracStart;
  if (intEnd - intStart + fracDigits === 0) return slowPath(text);
  let exponent = 0;
  let hasExponent = false;
  if (i < n) {
    c = text.charCodeAt(i);
    if (c !== CODE_E && c !== CODE_LOWER_E) return slowPath(text);
    hasExponent = true;
    exponent = parseExponent(text, i + 1);
    if (Number.isNaN(exponent)) return slowPath(text);
    const scale = fracDigits - exponent;
    if (scale > INT_MAX || scale < INT_MIN) throw notANumber(text);
  }
  // Significant digits: first and last non-zero mantissa digit (skipping the point).
  let first = intStart;
  while (first < mantEnd && !isNonZeroDigit(text.charCodeAt(first))) first++;
  if (first === mantEnd) return '0';
  let last = mantEnd - 1;
  while (!isNonZeroDigit(text.charCodeAt(last))) last--;
  // Decimal exponent of the first significant digit.
  const firstPlace = first < intEnd ? intEnd - first - 1 : -(first - fracStart + 1);
  const sciExponent = firstPlace + exponent;
  if (sciExponent > MAX_EXPONENT) throw validationError(OVERFLOW);
  if (sciExponent < MIN_EXPONENT) throw validationError(UNDERFLOW);
  const pointInside = first < intEnd && last >= fracStart;
  const significantDigits = last - first + 1 - (pointInside ? 1 : 0);
  if (significantDigits > MAX_SIGNIFICANT_DIGITS) throw validationError(TOO_PRECISE);
  if (!hasExponent && isAlreadyCanonical(text, intStart, intEnd, fracStart, mantEnd, first)) {
    return text;
  }
  return render(negative, collectDigits(text, first, last), sciExponent);
}

function isAsciiDigit(c: number): boolean {
  return c >= CODE_0 && c <= CODE_9;
}

function isNonZeroDigit(c: number): boolean {
  return c > CODE_0 && c <= CODE_9;
}

/** Parses `[+-]digits` from `start` to the end; NaN when malformed or beyond a Java int. */
function parseExponent(text: string, start: number): number {
  const n = text.length;
  let i = start;
  let sign = 1;
  const c = i < n ? text.charCodeAt(i) : 0;
  if (c === CODE_MINUS || c === CODE_PLUS) {
    sign = c === CODE_MINUS ? -1 : 1;
    i++;
  }
  if (i === n) return NaN;
  let value = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i);
    if (!isAsciiDigit(d)) return NaN;
    value = value * 10 + (d - CODE_0);
    if (value > INT_MAX + 1) return NaN;
  }
  value *= sign;
  return value > INT_MAX || value < INT_MIN ? NaN : value;
}

/** True when plain-notation input already has DynamoDB's canonical spelling. */
function isAlreadyCanonical(
  text: string,
  intStart: number,
  intEnd: number,
  fracStart: number,
  mantEnd: number,
  first: number,
): boolean {
  if (text.charCodeAt(0) === CODE_PLUS) return false;
  const hasPoint = fracStart > intEnd;
  if (hasPoint) {
    if (mantEnd === fracStart || text.charCodeAt(mantEnd - 1) === CODE_0) return false;
    // "0.5" is canonical, "00.5" and ".5" are not.
    return first < intEnd ? first === intStart : intEnd - intStart === 1;
  }
  return first === intStart;
}

/** The significant digits between `first` and `last`, without the decimal point. */
function collectDigits(text: string, first: number, last: number): string {
  const raw = text.slice(first, last + 1);
  return raw.includes('.') ? raw.replace('.', '') : raw;
}

/** Plain notation of ±0.d × 10^(sciExponent+1), as DynamoDB prints numbers. */
function render(negative: boolean, digits: string, sciExponent: number): string {
  const sign = negative ? '-' : '';
  const intDigits = sciExponent + 1;
  if (intDigits <= 0) return `${sign}0.${'0'.repeat(-intDigits)}${digits}`;
  if (intDigits >= digits.length) return sign + digits + '0'.repeat(intDigits - digits.length);
  return `${sign}${digits.slice(0, intDigits)}.${digits.slice(intDigits)}`;
}

// Java's BigDecimal accepts any Unicode decimal digit (DynamoDB Local stores "١٢" as 12).
const NON_ASCII_DIGIT = /\p{Nd}/gu;
let digitZeros: Map<number, number> | undefined;

/** Retries input with non-ASCII decimal digits mapped to ASCII; otherwise it is not a number. */
function slowPath(text: string): string {
  let mapped = false;
  const ascii = text.replace(NON_ASCII_DIGIT, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 128) return ch;
    mapped = true;
    return String.fromCharCode(CODE_0 + unicodeDigitValue(cp));
  });
  if (!mapped) throw notANumber(text);
  try {
    return canonicalNumber(ascii);
  } catch (error) {
    // Report the caller's spelling, not the mapped one.
    if (error instanceof DynamoDbError && error.message.startsWith(NOT_A_NUMBER)) {
      throw notANumber(text);
    }
    throw error;
  }
}

/** The value of a Unicode Nd code point: Nd digits come in consecutive runs of 0..9. */
function unicodeDigitValue(codePoint: number): number {
  if (!digitZeros) {
    digitZeros = new Map();
    const isDigit = /^\p{Nd}$/u;
    let runStart = -20;
    for (let cp = 128; cp <= 0x1ffff; cp++) {
      if (!isDigit.test(String.fromCodePoint(cp))) continue;
      if (cp - runStart >= 10 || !digitZeros.has(cp - 1)) runStart = cp;
      digitZeros.set(cp, cp - runStart);
    }
  }
  return digitZeros.get(codePoint) ?? 0;
}

/** Splits a canonical number into sign, significant digits (no zeros at either end), exponent. */
export interface NumberParts {
  readonly negative: boolean;
  /** Index range of the significant digits in the canonical text, which may include the point. */
  readonly first: number;
  readonly last: number;
  /** How many significant digits there are. */
  readonly digitCount: number;
  /** Decimal exponent of the first significant digit; meaningless for zero. */
  readonly sciExponent: number;
  readonly isZero: boolean;
}

/** Locates sign, significant digits and exponent of a canonical number, without allocating strings. */
export function numberParts(canonical: string): NumberParts {
  const negative = canonical.charCodeAt(0) === CODE_MINUS;
  const start = negative ? 1 : 0;
  const n = canonical.length;
  const dot = canonical.indexOf('.', start);
  const intEnd = dot < 0 ? n : dot;
  let first = start;
  while (first < n && !isNonZeroDigit(canonical.charCodeAt(first))) first++;
  if (first === n) {
    return { negative: false, first: 0, last: 0, digitCount: 0, sciExponent: 0, isZero: true };
  }
  let last = n - 1;
  while (!isNonZeroDigit(canonical.charCodeAt(last))) last--;
  const sciExponent = first < intEnd ? intEnd - first - 1 : -(first - dot);
  const digitCount = last - first + 1 - (first < intEnd && last > intEnd ? 1 : 0);
  return { negative, first, last, digitCount, sciExponent, isZero: false };
}

/** Numeric order of two canonical numbers: negative, zero or positive like a comparator. */
export function compareNumbers(a: string, b: string): number {
  const aNegative = a.charCodeAt(0) === CODE_MINUS;
  const bNegative = b.charCodeAt(0) === CODE_MINUS;
  if (aNegative !== bNegative) return aNegative ? -1 : 1;
  const magnitude = compareMagnitudes(a, aNegative ? 1 : 0, b, bNegative ? 1 : 0);
  return aNegative ? -magnitude : magnitude;
}

/**
 * Canonical magnitudes have no leading zeros except a lone "0" before the point, so a longer
 * integer part is larger, and equal integer-part lengths compare character by character.
 */
function compareMagnitudes(a: string, aStart: number, b: string, bStart: number): number {
  const aDot = a.indexOf('.', aStart);
  const bDot = b.indexOf('.', bStart);
  const aIntDigits = (aDot < 0 ? a.length : aDot) - aStart;
  const bIntDigits = (bDot < 0 ? b.length : bDot) - bStart;
  if (aIntDigits !== bIntDigits) return aIntDigits - bIntDigits;
  const aLength = a.length - aStart;
  const bLength = b.length - bStart;
  const common = Math.min(aLength, bLength);
  for (let k = 0; k < common; k++) {
    const diff = a.charCodeAt(aStart + k) - b.charCodeAt(bStart + k);
    if (diff !== 0) return diff;
  }
  return aLength - bLength;
}

const NEGATIVE_TAG = 0x01;
const ZERO_TAG = 0x02;
const POSITIVE_TAG = 0x03;
/** Sign byte, exponent byte, 19 digit bytes, terminator. */
export const MAX_NUMBER_KEY_BYTES = 22;

/** Encoding space reused across calls (synchronous), so each key costs one exact-size copy. */
const scratch = new Uint8Array(MAX_NUMBER_KEY_BYTES + 1);

/**
 * Order-preserving bytes of a canonical number: byte order equals numeric order, and the
 * encoding is self-delimiting. Layout: sign tag; exponent byte (sciExponent + 130, complemented
 * for negatives); significant digits packed two per byte as nibbles digit+1 (1..10), ended by a
 * 0 nibble (0x00 byte when the digit count is even). Negatives complement every digit nibble
 * (10 - digit) and end with 0xF, so that a shorter digit string (smaller magnitude) sorts later.
 */
export function encodeNumberKey(canonical: string): Uint8Array {
  return scratch.slice(0, writeNumberKey(canonical, scratch, 0));
}

/** Writes the encoding of `encodeNumberKey` into `out` at `offset`; returns the end offset. */
export function writeNumberKey(canonical: string, out: Uint8Array, offset: number): number {
  const parts = numberParts(canonical);
  if (parts.isZero) {
    out[offset] = ZERO_TAG;
    return offset + 1;
  }
  const { negative, first, last } = parts;
  let o = offset;
  out[o++] = negative ? NEGATIVE_TAG : POSITIVE_TAG;
  const exponentByte = parts.sciExponent - MIN_EXPONENT;
  out[o++] = negative ? 0xff - exponentByte : exponentByte;
  let high = -1;
  for (let k = first; k <= last; k++) {
    const c = canonical.charCodeAt(k);
    if (c === CODE_DOT) continue;
    const digit = c - CODE_0;
    const nibble = negative ? 10 - digit : digit + 1;
    if (high < 0) {
      high = nibble;
    } else {
      out[o++] = (high << 4) | nibble;
      high = -1;
    }
  }
  const end = negative ? 0xf : 0x0;
  out[o++] = high < 0 ? (end << 4) | end : (high << 4) | end;
  return o;
}

/** Writes the `encodeNumberKey` bytes after one `tag` byte, into a new array of exact size. */
export function encodeTaggedNumberKey(tag: number, canonical: string): Uint8Array {
  scratch[0] = tag;
  return scratch.slice(0, writeNumberKey(canonical, scratch, 1));
}
