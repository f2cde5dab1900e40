// How DynamoDB names an ORDER BY term that is not a lone attribute name, for its error message.

import type { Expr } from './ast.js';

/**
 * The term's PartiQL node as DynamoDB Local 3.3 names it in `Argument to ORDER BY must be of type
 * VariableReference. Type: <name>`: a literal as Ion text, an operator by its symbol or keyword
 * (`IS NOT`, `NOT IN`, … by `not`), a function by its name, a path of several steps as PATH;
 * undefined for a lone name.
 */
export function orderByTermType(term: Expr): string | undefined {
  switch (term.t) {
    case 'path':
      return term.path.length === 1 ? undefined : 'PATH';
    case 'number':
      return ionNumberText(term.value);
    case 'string':
      return JSON.stringify(term.value);
    case 'bool':
      return String(term.value);
    case 'null':
      return 'null';
    case 'missing':
      return 'MISSING';
    case 'param':
      return 'PARAMETER';
    case 'set':
      return 'BAG';
    case 'list':
      return 'LIST';
    case 'map':
      return 'STRUCT';
    case 'negate':
      return '-';
    case 'arith':
    case 'compare':
      return term.op;
    case 'call':
      return term.name;
    case 'is':
      return term.negated ? 'not' : 'is';
    default:
      return term.t;
  }
}

const NUMBER = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A number literal as Ion prints it: an integer plainly; a decimal (a point or an exponent) from
 * its digits and scale, `1.50`, `0.0015`, `1d5` (Ion's decimal text, as DynamoDB Local's messages).
 */
export function ionNumberText(text: string): string {
  const match = NUMBER.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction, exponent] = match;
  if (fraction === undefined && exponent === undefined) return sign + BigInt(whole).toString();
  const digits = BigInt(`${whole}${fraction ?? ''}` || '0').toString();
  const scale = (fraction?.length ?? 0) - Number(exponent ?? 0);
  if (scale <= 0) return `${sign}${digits}${scale === 0 ? '.' : `d${-scale}`}`;
  const adjustedExponent = digits.length - 1 - scale;
  if (adjustedExponent >= 0) {
    const point = digits.length - scale;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  if (adjustedExponent >= -6) return `${sign}0.${'0'.repeat(scale - digits.length)}${digits}`;
  return `${sign}${digits}d-${scale}`;
}
