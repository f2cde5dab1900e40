import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { Item } from '../model/attribute-value.js';
import { checkWriteCondition, planWriteCondition } from './conditional-write.js';

const item: Item = { pk: { S: 'k' }, v: { N: '1' } };

function failure(run: () => void): DynamoDbError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DynamoDbError);
    return error;
  }
  assert.fail('expected a DynamoDbError');
}

test('no condition: nothing compiled, every item passes', () => {
  const write = planWriteCondition({});
  assert.equal(write.condition, undefined);
  checkWriteCondition(write, undefined);
  checkWriteCondition(write, item);
});

test('a failing condition is ConditionalCheckFailedException, with the old item on ALL_OLD', () => {
  const request = {
    ConditionExpression: 'v = :two',
    ExpressionAttributeValues: { ':two': { N: '2' } },
  };
  const plain = failure(() => checkWriteCondition(planWriteCondition(request), item));
  assert.equal(plain.type, 'ConditionalCheckFailedException');
  assert.equal(plain.message, 'The conditional request failed');
  assert.equal(plain.extra, undefined);
  const withOld = planWriteCondition({
    ...request,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
  assert.deepEqual(failure(() => checkWriteCondition(withOld, item)).extra, { Item: item });
  assert.equal(failure(() => checkWriteCondition(withOld, undefined)).extra, undefined);
});

test('a passing condition and legacy Expected', () => {
  checkWriteCondition(planWriteCondition({ ConditionExpression: 'attribute_exists(v)' }), item);
  const expected = planWriteCondition({ Expected: { v: { Exists: false } } });
  checkWriteCondition(expected, undefined);
  assert.equal(
    failure(() => checkWriteCondition(expected, item)).type,
    'ConditionalCheckFailedException',
  );
});

test('unused values are rejected when the condition is planned', () => {
  const error = failure(() =>
    planWriteCondition({
      ConditionExpression: 'attribute_exists(v)',
      ExpressionAttributeValues: { ':u': { N: '1' } },
    }),
  );
  assert.equal(
    error.message,
    'Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}',
  );
});
