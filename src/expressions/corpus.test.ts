// The expression corpus: cases with DynamoDB Local's recorded answers, replayed through the front end.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { AttributeValue, Item } from '../model/attribute-value.js';
import { validateAttributeValue } from '../model/attribute-value-validation.js';
import {
  compileCondition,
  compileKeyCondition,
  compileProjection,
  compileUpdate,
  createExpressionScope,
  projectItem,
} from './api.js';

/** The item every F/U/P case ran against on DynamoDB Local (scripted recording, see the report). */
const ITEM: Item = {
  pk: { S: 'a' },
  n: { N: '5' },
  s: { S: 'hello' },
  l: { L: [{ N: '1' }, { S: 'x' }, { M: { q: { S: 'r' } } }] },
  m: { M: { a: { N: '1' }, b: { M: { c: { S: 'd' } } } } },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '2'] },
  bs: { BS: ['AAE='] },
  b: { B: 'AAE=' },
  t: { BOOL: true },
  z: { NULL: true },
  e: { S: '' },
};

interface Case {
  readonly kind: 'F' | 'U' | 'K' | 'P';
  readonly expr: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, AttributeValue>;
  readonly error?: string;
  readonly matches?: boolean;
  readonly item?: Item;
  readonly ok?: boolean;
}

const cases = JSON.parse(
  readFileSync(new URL('./expression-corpus.json', import.meta.url), 'utf8'),
) as Case[];

/** Where the recorded answer is DynamoDB Local's, not DynamoDB's, or belongs to another layer. */
function expectedError(c: Case): string | undefined {
  // DynamoDB names the missing key element; DynamoDB Local does not.
  if (c.error === 'Query condition missed key schema element') return undefined;
  // Operations pass canonical values (validated), so DynamoDB's echo of `1e3` reads `1000` here.
  if (c.error?.includes('{N:1e3}')) return undefined;
  return c.error;
}

/** Sets compare as sets: DynamoDB returns their members in no particular order. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = ['SS', 'NS', 'BS'].includes(key)
      ? [...(inner as string[])].sort()
      : normalise(inner);
  }
  return out;
}

/** Values as operations pass them: validated, numbers canonical. */
function validatedValues(values: Case['values']): Record<string, AttributeValue> | undefined {
  if (values === undefined) return undefined;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, validateAttributeValue(v)]));
}

function run(c: Case): unknown {
  const scope = createExpressionScope({ names: c.names, values: validatedValues(c.values) });
  switch (c.kind) {
    case 'F': {
      const condition = compileCondition(scope, 'FilterExpression', c.expr);
      scope.assertAllUsed();
      return condition.matches(ITEM);
    }
    case 'U': {
      const update = compileUpdate(scope, c.expr);
      scope.assertAllUsed();
      const { pk: _pk, ...rest } = update.apply(ITEM, { pk: ITEM.pk! }).item;
      return normalise(rest);
    }
    case 'K':
      compileKeyCondition(scope, c.expr, { partitionKey: 'pk', sortKey: 'sk' });
      scope.assertAllUsed();
      return true;
    case 'P': {
      const paths = compileProjection(scope, c.expr);
      scope.assertAllUsed();
      return projectItem(ITEM, paths);
    }
  }
}

for (const [i, c] of cases.entries()) {
  const label = `${i} ${c.kind} ${JSON.stringify(c.expr).slice(0, 80)}`;
  test(label, () => {
    if (c.error !== undefined) {
      const expected = expectedError(c);
      if (expected === undefined) {
        assert.throws(() => run(c), DynamoDbError);
        return;
      }
      assert.throws(
        () => run(c),
        (error: unknown) => {
          assert.ok(error instanceof DynamoDbError, String(error));
          assert.equal(error.message, expected);
          return true;
        },
      );
      return;
    }
    const expected = c.kind === 'F' ? c.matches : c.kind === 'K' ? true : normalise(c.item);
    assert.deepEqual(run(c), expected);
  });
}
