// A write statement's RETURNING clause as the ReturnValues of the item write it becomes.

import { StatementError } from './errors.js';
import type { ReturningElement } from './ast.js';

const RETURN_VALUES = {
  'ALL OLD': 'ALL_OLD',
  'ALL NEW': 'ALL_NEW',
  'MODIFIED OLD': 'UPDATED_OLD',
  'MODIFIED NEW': 'UPDATED_NEW',
} as const;

export type ReturnValues = (typeof RETURN_VALUES)[keyof typeof RETURN_VALUES];

/**
 * ReturnValues for `RETURNING …`, or undefined without one. DynamoDB checks the clause after the
 * table and key checks, in this order (measured on DynamoDB Local 3.3): one element, `*`, no
 * RETURNING on INSERT, only `ALL OLD *` on DELETE.
 */
export function returnValuesOf(
  kind: 'insert' | 'update' | 'delete',
  returning: readonly ReturningElement[],
): ReturnValues | undefined {
  const [element] = returning;
  if (element === undefined) return undefined;
  if (returning.length > 1) {
    throw new StatementError('Invalid syntax with multiple returning elements in RETURNING clause');
  }
  if (!element.star) {
    throw new StatementError(
      "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
    );
  }
  if (kind === 'insert') throw new StatementError('RETURNING is not supported in INSERT');
  const words = `${element.scope} ${element.image}` as const;
  if (kind === 'delete' && words !== 'ALL OLD') {
    throw new StatementError(
      `Invalid returning clause: RETURNING ${words} *. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
    );
  }
  return RETURN_VALUES[words];
}
