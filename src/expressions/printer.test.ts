// Property: a printed AST parses back to itself, for random conditions, updates and projections.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ParsedCondition, ParsedOperand, ParsedPath, ParsedUpdate } from './ast.js';
import { parseCondition, parseProjection, parseUpdate } from './parser.js';
import { printCondition, printProjection, printUpdate } from './printer.js';

/** fast-check builds null-prototype records; the parser builds plain objects. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const name = fc.constantFrom('a', 'b', 'foo', 'x1', 'size', 'Item_2', 'contains');
const path: fc.Arbitrary<ParsedPath> = fc.record({
  steps: fc
    .tuple(
      fc.oneof(
        name.map((n) => ({ type: 'name' as const, name: n })),
        fc.constantFrom('#a', '#B_1').map((ref) => ({ type: 'ref' as const, ref })),
      ),
      fc.array(
        fc.oneof(
          name.map((n) => ({ type: 'name' as const, name: n })),
          fc.constantFrom('#n').map((ref) => ({ type: 'ref' as const, ref })),
          fc.nat({ max: 2147483647 }).map((index) => ({ type: 'index' as const, index })),
        ),
        { maxLength: 3 },
      ),
    )
    .map(([first, rest]) => [first, ...rest]),
});
const valueRef = fc.constantFrom(':v', ':w1', ':X_');
const fnName = fc.constantFrom('size', 'attribute_exists', 'begins_with', 'f', 'list_append');

const { operand } = fc.letrec<{ operand: ParsedOperand }>((tie) => ({
  operand: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    path.map((p) => ({ type: 'path' as const, path: p })),
    valueRef.map((v) => ({ type: 'value' as const, value: v })),
    fc.record({
      type: fc.constant('call' as const),
      name: fnName,
      args: fc.array(tie('operand'), { minLength: 1, maxLength: 3 }),
    }),
  ),
}));

const { condition } = fc.letrec<{ condition: ParsedCondition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      type: fc.constant('compare' as const),
      op: fc.constantFrom('=', '<>', '<', '<=', '>', '>=' as const),
      left: operand,
      right: operand,
    }),
    fc.record({ type: fc.constant('between' as const), operand, low: operand, high: operand }),
    fc.record({
      type: fc.constant('in' as const),
      operand,
      list: fc.array(operand, { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      type: fc.constant('call' as const),
      name: fnName,
      args: fc.array(operand, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      type: fc.constant('and' as const),
      left: tie('condition'),
      right: tie('condition'),
    }),
    fc.record({
      type: fc.constant('or' as const),
      left: tie('condition'),
      right: tie('condition'),
    }),
    fc.record({ type: fc.constant('not' as const), operand: tie('condition') }),
  ),
}));

const setValue: fc.Arbitrary<ParsedOperand> = fc.oneof(
  operand,
  fc.record({
    type: fc.constant('arithmetic' as const),
    op: fc.constantFrom('+', '-' as const),
    left: operand,
    right: operand,
  }),
);
const valueOperand = valueRef.map((v) => ({ type: 'value' as const, value: v }));
const update: fc.Arbitrary<ParsedUpdate> = fc
  .shuffledSubarray(['SET', 'REMOVE', 'ADD', 'DELETE'] as const, { minLength: 1 })
  .chain((types) =>
    fc.tuple(
      ...types.map((type) => {
        if (type === 'REMOVE') {
          return fc.record({
            type: fc.constant(type),
            paths: fc.array(path, { minLength: 1, maxLength: 3 }),
          });
        }
        const value = type === 'SET' ? setValue : valueOperand;
        return fc.record({
          type: fc.constant(type),
          actions: fc.array(fc.record({ path, value }), { minLength: 1, maxLength: 3 }),
        });
      }),
    ),
  )
  .map((clauses) => ({ clauses }));

test('printed conditions parse back to the same AST', () => {
  fc.assert(
    fc.property(condition, (ast) => {
      assert.deepEqual(parseCondition('ConditionExpression', printCondition(ast)), plain(ast));
    }),
    { numRuns: 2000 },
  );
});

test('printed updates parse back to the same AST', () => {
  fc.assert(
    fc.property(update, (ast) => {
      assert.deepEqual(parseUpdate(printUpdate(ast)), plain(ast));
    }),
    { numRuns: 2000 },
  );
});

test('printed projections parse back to the same paths', () => {
  fc.assert(
    fc.property(fc.array(path, { minLength: 1, maxLength: 5 }), (paths) => {
      assert.deepEqual(parseProjection(printProjection(paths)), plain(paths));
    }),
    { numRuns: 1000 },
  );
});
