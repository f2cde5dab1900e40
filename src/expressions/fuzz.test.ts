// Fuzz: random and mutated expression strings never fail with anything but DynamoDbError, nor hang.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import {
  compileCondition,
  compileKeyCondition,
  compileProjection,
  compileUpdate,
  createExpressionScope,
} from './api.js';

const RUNS = 100_000;
/** Fixed so CI is repeatable; set FUZZ_SEED to explore (and keep what it finds as a test). */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261121);
const MAX_CASE_MS = 2_000;

const seeds = (
  JSON.parse(readFileSync(new URL('./expression-corpus.json', import.meta.url), 'utf8')) as Array<{
    expr: string;
  }>
).map((c) => c.expr);

const alphabet = fc.constantFrom(
  ...'abz019_#:.,[]()=<>+- \t'.split(''),
  'AND ',
  'OR ',
  'NOT ',
  'BETWEEN ',
  'IN ',
  'SET ',
  'REMOVE ',
  'ADD ',
  'DELETE ',
  'size(',
  'if_not_exists(',
  'list_append(',
  'attribute_type(',
  ':v',
  '#n',
  'é',
  '\u{1F600}',
);

const randomText = fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join(''));
const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 5 }), alphabet)
  .map(([seed, at, cut, insert]) => {
    const i = seed.length === 0 ? 0 : at % (seed.length + 1);
    return seed.slice(0, i) + insert + seed.slice(i + cut);
  });
const deep = fc
  .tuple(fc.constantFrom('(', 'NOT ', 'size(', 'a.', 'a['), fc.nat({ max: 3000 }))
  .map(([unit, n]) => unit.repeat(n) + 'a = b');

const ATTRIBUTES = {
  names: { '#n': 'x', '#a': 'a' },
  values: { ':v': { N: '1' }, ':w': { S: 'q' }, ':l': { L: [] }, ':s': { SS: ['a'] } },
};

function exercise(text: string): void {
  const compilers: Array<() => unknown> = [
    () =>
      compileCondition(createExpressionScope(ATTRIBUTES), 'ConditionExpression', text).matches({}),
    () => {
      const update = compileUpdate(createExpressionScope(ATTRIBUTES), text);
      // CompiledUpdate.apply, not Function.prototype.apply (which prefer-spread is about).
      // eslint-disable-next-line prefer-spread
      return update.apply(undefined, { pk: { S: 'k' } });
    },
    () =>
      compileKeyCondition(createExpressionScope(ATTRIBUTES), text, {
        partitionKey: 'a',
        sortKey: 'b',
      }),
    () => compileProjection(createExpressionScope(ATTRIBUTES), text),
  ];
  for (const compile of compilers) {
    const started = performance.now();
    try {
      compile();
    } catch (error) {
      if (!(error instanceof DynamoDbError)) {
        assert.fail(`${String(error)} for ${JSON.stringify(text)}`);
      }
    }
    // A bound, not a timing assertion: catches pathological (exponential) parsing only.
    assert.ok(performance.now() - started < MAX_CASE_MS, `slow on ${JSON.stringify(text)}`);
  }
}

test('random and mutated expressions only ever fail with DynamoDbError', () => {
  fc.assert(fc.property(fc.oneof(randomText, mutated, deep), exercise), {
    seed: FUZZ_SEED,
    numRuns: RUNS,
  });
});
