// DescribeLimits and DescribeEndpoints through the SDK.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DescribeEndpointsCommand, DescribeLimitsCommand } from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  type TestTarget,
  TEST_REGION,
} from '../helpers/server.js';

let target: TestTarget;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target.close();
});

test('DescribeLimits answers DynamoDB default quotas', async () => {
  const limits = await target.client.send(new DescribeLimitsCommand({}));
  assert.equal(limits.AccountMaxReadCapacityUnits, 80000);
  assert.equal(limits.AccountMaxWriteCapacityUnits, 80000);
  assert.equal(limits.TableMaxReadCapacityUnits, 40000);
  assert.equal(limits.TableMaxWriteCapacityUnits, 40000);
});

test(
  'DescribeEndpoints answers the regional address',
  dynamoDbLocalDeviates('unknown operation'),
  async () => {
    const answer = await target.client.send(new DescribeEndpointsCommand({}));
    assert.deepEqual(answer.Endpoints, [
      { Address: `dynamodb.${TEST_REGION}.amazonaws.com`, CachePeriodInMinutes: 1440 },
    ]);
  },
);
