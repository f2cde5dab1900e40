// Unit tests of the legacy-parameter translation: validation messages and evaluation semantics.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Item } from '../model/attribute-value.js';
import {
  attributesToGetPaths,
  compileAttributeUpdates,
  compileExpected,
  compileKeyConditions,
  compileLegacyFilter,
} from './legacy.js';

const item: Item = {
  pk: { S: 'a' },
  s: { S: 'hello' },
  n: { N: '5' },
  ss: { SS: ['a', 'b'] },
  l: { L: [{ S: 'x' }] },
};
const INVALID = 'One or more parameter values were invalid: ';

function rejects(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: Error) => {
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

describe('compileExpected', () => {
  test('Value alone is EQ; Exists false is attribute_not_exists', () => {
    assert.equal(compileExpected({ s: { Value: { S: 'hello' } } }, undefined).matches(item), true);
    assert.equal(compileExpected({ s: { Value: { S: 'x' } } }, undefined).matches(item), false);
    assert.equal(compileExpected({ q: { Exists: false } }, undefined).matches(item), true);
    assert.equal(compileExpected({ s: { Exists: false } }, undefined).matches(undefined), true);
  });

  test('ConditionalOperator combines, AND by default', () => {
    const two = { s: { Value: { S: 'x' } }, n: { Value: { N: '5.0' } } };
    assert.equal(compileExpected(two, undefined).matches(item), false);
    assert.equal(compileExpected(two, 'OR').matches(item), true);
    assert.deepEqual(compileExpected(two, 'OR').paths, [['s'], ['n']]);
  });

  test('operators keep their legacy meaning on missing attributes', () => {
    const check = (op: string, args: object[], target: Item | undefined) =>
      compileExpected(
        { q: { ComparisonOperator: op, AttributeValueList: args } },
        undefined,
      ).matches(target);
    assert.equal(check('NE', [{ S: 'a' }], item), true);
    assert.equal(check('NOT_CONTAINS', [{ S: 'a' }], item), false);
    assert.equal(check('NULL', [], item), true);
    assert.equal(check('NOT_NULL', [], item), false);
    const on = (name: string, op: string, args: object[]) =>
      compileExpected(
        { [name]: { ComparisonOperator: op, AttributeValueList: args } },
        undefined,
      ).matches(item);
    assert.equal(on('ss', 'CONTAINS', [{ S: 'b' }]), true);
    assert.equal(on('n', 'NOT_CONTAINS', [{ N: '5' }]), true);
    assert.equal(on('s', 'BEGINS_WITH', [{ S: 'he' }]), true);
    assert.equal(on('n', 'BETWEEN', [{ N: '1' }, { N: '5' }]), true);
    assert.equal(on('n', 'IN', [{ N: '4' }, { N: '5' }]), true);
    assert.equal(on('s', 'GT', [{ S: 'hellO' }]), true);
  });

  test('structure errors, in DynamoDB wording', () => {
    rejects(
      () => compileExpected({ s: {} }, undefined),
      `${INVALID}Value must be provided when Exists is null for Attribute: s`,
    );
    rejects(
      () => compileExpected({ s: { Exists: true } }, undefined),
      `${INVALID}Value must be provided when Exists is true for Attribute: s`,
    );
    rejects(
      () => compileExpected({ s: { Exists: false, Value: { S: 'a' } } }, undefined),
      `${INVALID}Value cannot be used when Exists is false for Attribute: s`,
    );
    rejects(
      () => compileExpected({ s: { ComparisonOperator: 'EQ' } }, undefined),
      `${INVALID}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: s`,
    );
    rejects(
      () =>
        compileExpected(
          { s: { Exists: true, ComparisonOperator: 'EQ', Value: { S: 'a' } } },
          undefined,
        ),
      `${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: s`,
    );
    rejects(
      () => compileExpected({ s: { AttributeValueList: [{ S: 'a' }] } }, undefined),
      `${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: s`,
    );
    rejects(
      () =>
        compileExpected(
          { s: { Value: { S: 'a' }, ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] } },
          undefined,
        ),
      `${INVALID}Value and AttributeValueList cannot be used together for Attribute: s`,
    );
    rejects(() => compileExpected({ '': { Exists: false } }, undefined), 'Empty attribute name');
    rejects(
      () => compileExpected({ '': { Exists: true } }, undefined),
      `${INVALID}Value must be provided when Exists is true for Attribute: `,
    );
    rejects(
      () => compileExpected({ s: { Value: { S: 'a' } } }, 'OR'),
      'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    );
  });
});

describe('compileLegacyFilter', () => {
  test('argument checks', () => {
    const filter = (op: string, args: object[]) =>
      compileLegacyFilter(
        'ScanFilter',
        { s: { ComparisonOperator: op, AttributeValueList: args } },
        undefined,
      );
    rejects(
      () => filter('NULL', [{ S: 'a' }]),
      `${INVALID}Invalid number of argument(s) for the NULL ComparisonOperator`,
    );
    rejects(
      () => filter('IN', []),
      `${INVALID}Invalid number of argument(s) for the IN ComparisonOperator`,
    );
    rejects(
      () => filter('IN', [{ S: 'a' }, { N: '1' }]),
      `${INVALID}AttributeValues inside AttributeValueList must be of same type`,
    );
    rejects(
      () => filter('LT', [{ SS: ['a'] }]),
      `${INVALID}ComparisonOperator LT is not valid for SS AttributeValue type`,
    );
    rejects(
      () => filter('BEGINS_WITH', [{ N: '1' }]),
      `${INVALID}ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`,
    );
    rejects(
      () => filter('CONTAINS', [{ L: [] }]),
      `${INVALID}ComparisonOperator CONTAINS is not valid for L AttributeValue type`,
    );
    rejects(
      () => filter('BETWEEN', [{ N: '9' }, { N: '1' }]),
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
    assert.equal(filter('EQ', [{ L: [] }]).matches(item), false);
  });

  test('a QueryFilter may not name a key attribute; a ScanFilter may', () => {
    const conditions = { pk: { ComparisonOperator: 'NOT_NULL' } };
    rejects(
      () => compileLegacyFilter('QueryFilter', conditions, undefined, ['pk']),
      'QueryFilter can only contain non-primary key attributes: Primary key attribute: pk',
    );
    assert.equal(
      compileLegacyFilter('ScanFilter', conditions, undefined, ['pk']).matches(item),
      true,
    );
    assert.equal(compileLegacyFilter('ScanFilter', {}, undefined).matches(item), true);
  });
});

describe('compileKeyConditions', () => {
  const schema = { partitionKey: 'pk', sortKey: 'sk' };
  const eq = { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'a' }] };
  test('partition and sort conditions', () => {
    assert.deepEqual(compileKeyConditions({ pk: eq }, schema), {
      partitionKey: { name: 'pk', value: { S: 'a' } },
    });
    const between = { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '2' }] };
    assert.deepEqual(compileKeyConditions({ sk: between, pk: eq }, schema).sortKey, {
      name: 'sk',
      op: 'BETWEEN',
      low: { N: '1' },
      high: { N: '2' },
    });
    const prefix = { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'x' }] };
    assert.deepEqual(compileKeyConditions({ pk: eq, sk: prefix }, schema).sortKey, {
      name: 'sk',
      op: 'begins_with',
      prefix: { S: 'x' },
    });
  });
  test('errors', () => {
    rejects(() => compileKeyConditions({}, schema), 'Conditions must be at least length 1');
    rejects(
      () => compileKeyConditions({ pk: eq, sk: eq, x: eq }, schema),
      'Conditions can be of length 1 or 2 only',
    );
    rejects(
      () => compileKeyConditions({ sk: eq }, schema),
      'Query condition missed key schema element',
    );
    rejects(
      () => compileKeyConditions({ pk: eq, s: eq }, schema),
      'Query condition missed key schema element',
    );
    rejects(
      () => compileKeyConditions({ pk: eq, s: eq }, { partitionKey: 'pk' }),
      'Query key condition not supported',
    );
    rejects(
      () =>
        compileKeyConditions(
          { pk: { ComparisonOperator: 'GT', AttributeValueList: [{ S: 'a' }] } },
          schema,
        ),
      'Query key condition not supported',
    );
    rejects(
      () =>
        compileKeyConditions(
          { pk: eq, sk: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'a' }] } },
          schema,
        ),
      'Attempted conditional constraint is not an indexable operation',
    );
  });
});

describe('compileAttributeUpdates', () => {
  const key: Item = { pk: { S: 'a' } };
  test('PUT, ADD and DELETE', () => {
    const update = compileAttributeUpdates({
      s: { Action: 'PUT', Value: { S: 'new' } },
      n: { Action: 'ADD', Value: { N: '2.5' } },
      ss: { Action: 'DELETE', Value: { SS: ['a'] } },
      l: { Action: 'ADD', Value: { L: [{ S: 'y' }] } },
      x: { Action: 'ADD', Value: { NS: ['1'] } },
    });
    assert.deepEqual(update.targetPaths, [['s'], ['n'], ['ss'], ['l'], ['x']]);
    const { item: next } = update.apply(item, key);
    assert.deepEqual(next, {
      pk: { S: 'a' },
      s: { S: 'new' },
      n: { N: '7.5' },
      ss: { SS: ['b'] },
      l: { L: [{ S: 'x' }, { S: 'y' }] },
      x: { NS: ['1'] },
    });
    assert.deepEqual(item.n, { N: '5' }, 'apply is pure');
  });
  test('emptied sets and deleted attributes disappear; a new item starts from its key', () => {
    const update = compileAttributeUpdates({
      ss: { Action: 'DELETE', Value: { SS: ['a', 'b'] } },
      s: { Action: 'DELETE' },
    });
    assert.deepEqual(update.apply(item, key).item, {
      pk: { S: 'a' },
      n: { N: '5' },
      l: { L: [{ S: 'x' }] },
    });
    const add = compileAttributeUpdates({ q: { Action: 'ADD', Value: { N: '1' } } });
    const noItem: Item | undefined = undefined;
    assert.deepEqual(add.apply(noItem, key).item, { pk: { S: 'a' }, q: { N: '1' } });
  });
  test('errors', () => {
    rejects(
      () => compileAttributeUpdates({ s: { Action: 'PUT' } }),
      `${INVALID}Only DELETE action is allowed when no attribute value is specified`,
    );
    rejects(
      () => compileAttributeUpdates({ s: { Action: 'ADD', Value: { S: 'x' } } }),
      `${INVALID}ADD action is not supported for the type STRING`,
    );
    rejects(
      () => compileAttributeUpdates({ s: { Action: 'DELETE', Value: { N: '1' } } }),
      `${INVALID}DELETE action with value is not supported for the type NUMBER`,
    );
    rejects(
      () => compileAttributeUpdates({ s: { Action: 'ADD', Value: { N: '1' } } }).apply(item, key),
      'Type mismatch for attribute to update',
    );
  });
  test('an empty attribute name, checked before the entry (DynamoDB Local 3.3)', () => {
    rejects(() => compileAttributeUpdates({ '': { Action: 'PUT' } }), 'Empty attribute name');
    rejects(
      () => compileAttributeUpdates({ s: { Action: 'PUT' }, '': { Action: 'DELETE' } }),
      `${INVALID}Only DELETE action is allowed when no attribute value is specified`,
    );
  });
});

test('attributesToGetPaths', () => {
  assert.deepEqual(attributesToGetPaths(['a.b', 'c']), [['a.b'], ['c']]);
  rejects(() => attributesToGetPaths(['a', 'a']), `${INVALID}Duplicate value in attribute name: a`);
});
