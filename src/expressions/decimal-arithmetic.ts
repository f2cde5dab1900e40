// Exact decimal addition and subtraction on canonical number strings, for SET `+`/`-` and ADD.

import { validationError } from '../errors/dynamodb-error.js';
import { canonicalNumber } from '../model/number.js';

interface Decimal {
  readonly units: bigint;
  /** Digits after the decimal point. */
  readonly scale: number;
}

function parse(canonical: string): Decimal {
  const point = canonical.indexOf('.');
  if (point < 0) return { units: BigInt(canonical), scale: 0 };
  const scale = canonical.length - point - 1;
  return { units: BigInt(canonical.slice(0, point) + canonical.slice(point + 1)), scale };
}

function format(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale);
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * `a + b` (or `a - b`) computed exactly, then held to DynamoDB's number limits: the result must
 * fit 38 significant digits and the exponent range, else DynamoDB's overflow / underflow /
 * precision error.
 */
export function addNumbers(a: string, b: string, subtract = false): string {
  const left = parse(a);
  const right = parse(b);
  const scale = Math.max(left.scale, right.scale);
  const l = left.units * 10n ** BigInt(scale - left.scale);
  const r = right.units * 10n ** BigInt(scale - right.scale);
  const units = subtract ? l - r : l + r;
  // Arithmetic that needs more than 38 digits has its own message, checked before the range
  // (both recorded from DynamoDB Local); the range errors are those of a number sent by a client.
  if (significantDigits(units) > MAX_SIGNIFICANT_DIGITS) {
    throw validationError('DynamoDB only supports precision up to 38 digits');
  }
  return canonicalNumber(format({ units, scale }));
}

const MAX_SIGNIFICANT_DIGITS = 38;

function significantDigits(units: bigint): number {
  const digits = (units < 0n ? -units : units).toString().replace(/0+$/, '');
  return digits === '' ? 0 : digits.length;
}
