// Table-driven checks of request shape validation against DynamoDB's exact error texts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import { validateRequest } from './validate-request.js';

interface Case {
  readonly op: string;
  readonly body: unknown;
  readonly type?: 'SerializationException' | 'ValidationException';
  readonly message?: string;
}

const PKG = 'com.amazonaws.dynamodb.v20120810';
const PARAMETERIZED =
  'class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class ' +
  'java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and ' +
  "java.lang.Class are in module java.base of loader 'bootstrap')";
const START = 'Start of structure or map found where not expected';
const TABLE_PATTERN = 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+';
const RCC_ENUM = 'Member must satisfy enum value set: [INDEXES, TOTAL, NONE]';
const TABLE_KEYS =
  'Map keys must satisfy constraint: [Member must have length less than or equal to 255, ' +
  'Member must have length greater than or equal to 3, ' +
  'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]';

const ok = (op: string, body: unknown): Case => ({ op, body });
const ser = (op: string, body: unknown, message: string): Case => ({
  op,
  body,
  type: 'SerializationException',
  message,
});
const at = (value: string | null, path: string, rule: string): string =>
  `Value ${value === null ? 'null' : `'${value}'`} at '${path}' failed to satisfy constraint: ${rule}`;
const val = (op: string, body: unknown, ...errors: string[]): Case => ({
  op,
  body,
  type: 'ValidationException',
  message: `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}`,
});
const notNull = (path: string): string => at(null, path, 'Member must not be null');
const minLen = (value: string, path: string, n: number): string =>
  at(value, path, `Member must have length greater than or equal to ${n}`);
const maxLen = (value: string, path: string, n: number): string =>
  at(value, path, `Member must have length less than or equal to ${n}`);
const minVal = (value: string, path: string, n: number): string =>
  at(value, path, `Member must have value greater than or equal to ${n}`);
const maxVal = (value: string, path: string, n: number): string =>
  at(value, path, `Member must have value less than or equal to ${n}`);
const key = { id: { S: 'a' } };
const long = 'a'.repeat(256);

const cases: Case[] = [
  // ListTables: every JSON type in the wrong place.
  ser('ListTables', { Limit: 'a' }, 'STRING_VALUE cannot be converted to Integer'),
  ser('ListTables', { Limit: true }, 'TRUE_VALUE cannot be converted to Integer'),
  ser('ListTables', { Limit: false }, 'FALSE_VALUE cannot be converted to Integer'),
  ser('ListTables', { Limit: [] }, 'Unrecognized collection type class java.lang.Integer'),
  ser('ListTables', { Limit: {} }, START),
  ser('ListTables', { ExclusiveStartTableName: 1 }, 'NUMBER_VALUE cannot be converted to String'),
  ser(
    'ListTables',
    { ExclusiveStartTableName: 1.5 },
    'DECIMAL_VALUE cannot be converted to String',
  ),
  ser('ListTables', { ExclusiveStartTableName: true }, 'TRUE_VALUE cannot be converted to String'),
  ser(
    'ListTables',
    { ExclusiveStartTableName: ['a'] },
    'Unrecognized collection type class java.lang.String',
  ),
  ser('ListTables', { ExclusiveStartTableName: {} }, START),
  ok('ListTables', {}),
  ok('ListTables', { Limit: 100, ExclusiveStartTableName: 'abc' }),
  ok('ListTables', { Limit: null, ExclusiveStartTableName: null }),
  ok('ListTables', { Unknown: { anything: [1] } }),
  val('ListTables', { Limit: 0 }, minVal('0', 'limit', 1)),
  val('ListTables', { Limit: 0.5 }, minVal('0', 'limit', 1)),
  val('ListTables', { Limit: 101 }, maxVal('101', 'limit', 100)),
  val(
    'ListTables',
    { Limit: 2147483647, ExclusiveStartTableName: '89hls;;f;d' },
    maxVal('2147483647', 'limit', 100),
    at('89hls;;f;d', 'exclusiveStartTableName', TABLE_PATTERN),
  ),
  val('ListTables', { ExclusiveStartTableName: 'ab' }, minLen('ab', 'exclusiveStartTableName', 3)),
  val(
    'ListTables',
    { ExclusiveStartTableName: '' },
    at('', 'exclusiveStartTableName', TABLE_PATTERN),
    minLen('', 'exclusiveStartTableName', 3),
  ),
  val(
    'ListTables',
    { ExclusiveStartTableName: long },
    maxLen(long, 'exclusiveStartTableName', 255),
  ),
  // DescribeTable / DeleteTable.
  val('DescribeTable', {}, notNull('tableName')),
  val('DescribeTable', { TableName: null }, notNull('tableName')),
  val('DeleteTable', {}, notNull('tableName')),
  val(
    'DescribeTable',
    { TableName: 'a;' },
    at('a;', 'tableName', TABLE_PATTERN),
    minLen('a;', 'tableName', 3),
  ),
  ser('DescribeTable', { TableName: 12 }, 'NUMBER_VALUE cannot be converted to String'),
  ser('DeleteTable', { TableName: false }, 'FALSE_VALUE cannot be converted to String'),
  ok('DescribeTable', { TableName: 'abc' }),
  ok('DescribeTable', { TableName: 'arn:aws:dynamodb:us-east-1:123456789012:table/abc' }),
  // GetItem.
  val('GetItem', {}, notNull('tableName'), notNull('key')),
  val('GetItem', { TableName: 'abc' }, notNull('key')),
  val(
    'GetItem',
    { TableName: 'abc', Key: key, ReturnConsumedCapacity: 'hi', AttributesToGet: [] },
    at('hi', 'returnConsumedCapacity', RCC_ENUM),
    minLen('[]', 'attributesToGet', 1),
  ),
  ser('GetItem', { TableName: 'abc', Key: 'x' }, 'Unexpected field type'),
  ser(
    'GetItem',
    { TableName: 'abc', Key: [] },
    `Unrecognized collection type java.util.Map<java.lang.String, ${PKG}.AttributeValue>`,
  ),
  ser('GetItem', { TableName: 'abc', Key: { id: 'x' } }, 'Unexpected value type in payload'),
  ser(
    'GetItem',
    { TableName: 'abc', Key: { id: [] } },
    `Unrecognized collection type class ${PKG}.AttributeValue`,
  ),
  ser(
    'GetItem',
    { TableName: 'abc', Key: key, ConsistentRead: 'maybe' },
    'Unexpected token received from parser',
  ),
  ser(
    'GetItem',
    { TableName: 'abc', Key: key, ConsistentRead: 1 },
    'NUMBER_VALUE cannot be converted to Boolean',
  ),
  ser(
    'GetItem',
    { TableName: 'abc', Key: key, ConsistentRead: [] },
    'Unrecognized collection type class java.lang.Boolean',
  ),
  ser('GetItem', { TableName: 'abc', Key: key, ConsistentRead: {} }, START),
  ser('GetItem', { TableName: 'abc', Key: key, AttributesToGet: 'a' }, 'Unexpected field type'),
  ser('GetItem', { TableName: 'abc', Key: key, AttributesToGet: {} }, START),
  ser(
    'GetItem',
    { TableName: 'abc', Key: key, AttributesToGet: [1] },
    'NUMBER_VALUE cannot be converted to String',
  ),
  ser(
    'GetItem',
    { TableName: 'abc', Key: key, ExpressionAttributeNames: [] },
    'Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>',
  ),
  ser(
    'GetItem',
    { TableName: 'abc', Key: key, ExpressionAttributeNames: { '#a': 1 } },
    'NUMBER_VALUE cannot be converted to String',
  ),
  ser('GetItem', { TableName: 1, Key: 'x' }, 'NUMBER_VALUE cannot be converted to String'),
  ok('GetItem', { TableName: 'abc', Key: key, ConsistentRead: 'yes', ProjectionExpression: 'a' }),
  // PutItem.
  val('PutItem', {}, notNull('tableName'), notNull('item')),
  val(
    'PutItem',
    {
      TableName: 'abc',
      Item: key,
      ReturnValues: 'hi',
      ReturnItemCollectionMetrics: 'hi',
      ConditionalOperator: 'XOR',
    },
    at('XOR', 'conditionalOperator', 'Member must satisfy enum value set: [OR, AND]'),
    at(
      'hi',
      'returnValues',
      'Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]',
    ),
    at('hi', 'returnItemCollectionMetrics', 'Member must satisfy enum value set: [SIZE, NONE]'),
  ),
  val(
    'PutItem',
    { TableName: 'abc', Item: key, ReturnValuesOnConditionCheckFailure: 'ALL_NEW' },
    at(
      'ALL_NEW',
      'returnValuesOnConditionCheckFailure',
      'Member must satisfy enum value set: [ALL_OLD, NONE]',
    ),
  ),
  val(
    'PutItem',
    { TableName: 'abc', Item: key, Expected: { a: { ComparisonOperator: 'XX' } } },
    at(
      'XX',
      'expected.a.member.comparisonOperator',
      'Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]',
    ),
  ),
  ser(
    'PutItem',
    { TableName: 'abc', Item: key, Expected: { a: 'x' } },
    'Unexpected value type in payload',
  ),
  ser(
    'PutItem',
    { TableName: 'abc', Item: key, Expected: { a: { Exists: 'x' } } },
    'Unexpected token received from parser',
  ),
  ser(
    'PutItem',
    { TableName: 'abc', Item: key, Expected: { a: { Value: 'x' } } },
    'Unexpected field type',
  ),
  ok('PutItem', {
    TableName: 'abc',
    Item: key,
    ReturnValues: 'ALL_OLD',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  }),
  // Query and Scan.
  val('Query', {}, notNull('tableName')),
  val(
    'Query',
    { TableName: 'abc', Select: 'hi', IndexName: 'a', Limit: 0 },
    at(
      'hi',
      'select',
      'Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]',
    ),
    minLen('a', 'indexName', 3),
    minVal('0', 'limit', 1),
  ),
  val(
    'Query',
    { TableName: 'abc', KeyConditions: { a: {} } },
    notNull('keyConditions.a.member.comparisonOperator'),
  ),
  ser(
    'Query',
    { TableName: 'abc', KeyConditions: { a: { AttributeValueList: [1] } } },
    'Unexpected value type in payload',
  ),
  ser(
    'Query',
    { TableName: 'abc', ScanIndexForward: 'x' },
    'Unexpected token received from parser',
  ),
  ser('Query', { TableName: 'abc', ExclusiveStartKey: 1 }, 'Unexpected field type'),
  ser('Query', { TableName: 'abc', Limit: '5' }, 'STRING_VALUE cannot be converted to Integer'),
  ok('Query', {
    TableName: 'abc',
    KeyConditionExpression: 'a = :a',
    ExpressionAttributeValues: { ':a': { S: 'x' } },
    Limit: 5,
  }),
  val(
    'Scan',
    { TableName: 'abc', Segment: -1, TotalSegments: 0 },
    minVal('0', 'totalSegments', 1),
    minVal('-1', 'segment', 0),
  ),
  val(
    'Scan',
    { TableName: 'abc', TotalSegments: 1000001 },
    maxVal('1000001', 'totalSegments', 1000000),
  ),
  val('Scan', { TableName: 'abc', Segment: 1000000 }, maxVal('1000000', 'segment', 999999)),
  ser('Scan', { TableName: 'abc', Segment: 'x' }, 'STRING_VALUE cannot be converted to Integer'),
  ser(
    'Scan',
    { TableName: 'abc', ScanFilter: [] },
    `Unrecognized collection type java.util.Map<java.lang.String, ${PKG}.Condition>`,
  ),
  ok('Scan', { TableName: 'abc', Segment: 0, TotalSegments: 2, Select: 'COUNT' }),
  // BatchGetItem.
  val('BatchGetItem', {}, notNull('requestItems')),
  // DynamoDB answers an empty map in the operation (DYNAMODB-FACTS.md), not here.
  ok('BatchGetItem', { RequestItems: {} }),
  val(
    'BatchGetItem',
    { RequestItems: { a: {} }, ReturnConsumedCapacity: 'hi' },
    at('hi', 'returnConsumedCapacity', RCC_ENUM),
    at(`{a=${PKG}.KeysAndAttributes@}`, 'requestItems', TABLE_KEYS),
    notNull('requestItems.a.member.keys'),
  ),
  val(
    'BatchGetItem',
    { RequestItems: { abc: { Keys: [] } } },
    minLen('[]', 'requestItems.abc.member.keys', 1),
  ),
  ser(
    'BatchGetItem',
    { RequestItems: [] },
    `Unrecognized collection type java.util.Map<java.lang.String, ${PKG}.KeysAndAttributes>`,
  ),
  ser('BatchGetItem', { RequestItems: 'x' }, 'Unexpected field type'),
  ser('BatchGetItem', { RequestItems: { abc: 'x' } }, 'Unexpected value type in payload'),
  ser(
    'BatchGetItem',
    { RequestItems: { abc: [] } },
    `Unrecognized collection type class ${PKG}.KeysAndAttributes`,
  ),
  ser('BatchGetItem', { RequestItems: { abc: { Keys: 'x' } } }, 'Unexpected field type'),
  ser('BatchGetItem', { RequestItems: { abc: { Keys: [1] } } }, PARAMETERIZED),
  ser(
    'BatchGetItem',
    { RequestItems: { abc: { Keys: [[]] } } },
    `Unrecognized collection type java.util.Map<java.lang.String, ${PKG}.AttributeValue>`,
  ),
  ok('BatchGetItem', { RequestItems: { abc: { Keys: [key], ConsistentRead: true } } }),
  // BatchWriteItem.
  val('BatchWriteItem', {}, notNull('requestItems')),
  ok('BatchWriteItem', { RequestItems: {} }),
  val(
    'BatchWriteItem',
    { RequestItems: { abc: [] } },
    at(
      '{abc=[]}',
      'requestItems',
      'Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]',
    ),
  ),
  val(
    'BatchWriteItem',
    { RequestItems: { abc: [{ PutRequest: {} }, { DeleteRequest: {} }] } },
    notNull('requestItems.abc.member.1.member.putRequest.item'),
    notNull('requestItems.abc.member.2.member.deleteRequest.key'),
  ),
  ser('BatchWriteItem', { RequestItems: { abc: 'x' } }, PARAMETERIZED),
  ser('BatchWriteItem', { RequestItems: { abc: {} } }, START),
  ser('BatchWriteItem', { RequestItems: { abc: ['x'] } }, 'Unexpected value type in payload'),
  ser('BatchWriteItem', { RequestItems: { abc: [{ PutRequest: 'x' }] } }, 'Unexpected field type'),
  ser(
    'BatchWriteItem',
    { RequestItems: { abc: [{ PutRequest: [] }] } },
    `Unrecognized collection type class ${PKG}.PutRequest`,
  ),
  ser(
    'BatchWriteItem',
    { RequestItems: [] },
    `Unrecognized collection type java.util.Map<java.lang.String, java.util.List<${PKG}.WriteRequest>>`,
  ),
  ok('BatchWriteItem', {
    RequestItems: { abc: [{ PutRequest: { Item: key } }, { DeleteRequest: { Key: key } }] },
  }),
  // CreateTable.
  val(
    'CreateTable',
    {},
    notNull('attributeDefinitions'),
    notNull('tableName'),
    notNull('keySchema'),
  ),
  val(
    'CreateTable',
    {
      TableName: 'abc',
      AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'X' }],
      KeySchema: [{ AttributeName: 'a', KeyType: 'X' }],
    },
    at(
      'X',
      'attributeDefinitions.1.member.attributeType',
      'Member must satisfy enum value set: [B, N, S]',
    ),
    at('X', 'keySchema.1.member.keyType', 'Member must satisfy enum value set: [HASH, RANGE]'),
  ),
  val(
    'CreateTable',
    {
      TableName: 'abc',
      AttributeDefinitions: [],
      KeySchema: [],
      BillingMode: 'X',
      ProvisionedThroughput: { ReadCapacityUnits: 0 },
    },
    at('X', 'billingMode', 'Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]'),
    notNull('provisionedThroughput.writeCapacityUnits'),
    minVal('0', 'provisionedThroughput.readCapacityUnits', 1),
    minLen('[]', 'keySchema', 1),
  ),
  val(
    'CreateTable',
    {
      TableName: 'abc',
      AttributeDefinitions: [],
      KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'i',
          KeySchema: [],
          Projection: { ProjectionType: 'X', NonKeyAttributes: [] },
        },
      ],
    },
    minLen('i', 'globalSecondaryIndexes.1.member.indexName', 3),
    minLen('[]', 'globalSecondaryIndexes.1.member.keySchema', 1),
    at(
      'X',
      'globalSecondaryIndexes.1.member.projection.projectionType',
      'Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]',
    ),
    minLen('[]', 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes', 1),
  ),
  val(
    'CreateTable',
    { TableName: 'abc', AttributeDefinitions: [{}], KeySchema: [{}] },
    notNull('attributeDefinitions.1.member.attributeName'),
    notNull('attributeDefinitions.1.member.attributeType'),
    notNull('keySchema.1.member.attributeName'),
    notNull('keySchema.1.member.keyType'),
  ),
  ser('CreateTable', { TableName: 'abc', KeySchema: 'x' }, 'Unexpected field type'),
  ser('CreateTable', { TableName: 'abc', KeySchema: ['x'] }, 'Unexpected value type in payload'),
  ser(
    'CreateTable',
    { TableName: 'abc', ProvisionedThroughput: { ReadCapacityUnits: 'x' } },
    'STRING_VALUE cannot be converted to Long',
  ),
  ser(
    'CreateTable',
    { TableName: 'abc', ProvisionedThroughput: [] },
    `Unrecognized collection type class ${PKG}.ProvisionedThroughput`,
  ),
  ser(
    'CreateTable',
    { TableName: 'abc', Tags: [{ Key: 1 }] },
    'NUMBER_VALUE cannot be converted to String',
  ),
  ser(
    'CreateTable',
    { TableName: 'abc', DeletionProtectionEnabled: 'x' },
    'Unexpected token received from parser',
  ),
  ser(
    'CreateTable',
    { TableName: 'abc', OnDemandThroughput: { MaxReadRequestUnits: 'x' } },
    'STRING_VALUE cannot be converted to Long',
  ),
  ok('CreateTable', {
    TableName: 'abc',
    AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    OnDemandThroughput: { MaxReadRequestUnits: 5 },
    WarmThroughput: { ReadUnitsPerSecond: 12000 },
  }),
  // UpdateTable.
  val('UpdateTable', {}, notNull('tableName')),
  val(
    'UpdateTable',
    { TableName: 'abc', GlobalSecondaryIndexUpdates: [{ Update: {}, Delete: {} }] },
    notNull('globalSecondaryIndexUpdates.1.member.update.indexName'),
    notNull('globalSecondaryIndexUpdates.1.member.delete.indexName'),
  ),
  val(
    'UpdateTable',
    { TableName: 'abc', MultiRegionConsistency: 'X' },
    at('X', 'multiRegionConsistency', 'Member must satisfy enum value set: [EVENTUAL, STRONG]'),
  ),
  ser('UpdateTable', { TableName: 'abc', GlobalSecondaryIndexUpdates: {} }, START),
  // Tagging: DynamoDB checks these members itself (dynalite), not through the framework.
  ok('TagResource', {}),
  ok('UntagResource', {}),
  ok('ListTagsOfResource', {}),
  ser('TagResource', { ResourceArn: 1 }, 'NUMBER_VALUE cannot be converted to String'),
  ser('TagResource', { Tags: {} }, START),
  ser('UntagResource', { TagKeys: [{}] }, START),
  // Transactions and PartiQL.
  val('TransactWriteItems', {}, notNull('transactItems')),
  val('TransactWriteItems', { TransactItems: [] }, minLen('[]', 'transactItems', 1)),
  val(
    'TransactGetItems',
    { TransactItems: [{ Get: { TableName: 'abc' } }] },
    notNull('transactItems.1.member.get.key'),
  ),
  val('ExecuteStatement', { Statement: '' }, minLen('', 'statement', 1)),
  // New operations from the overlay.
  val('GetResourcePolicy', {}, notNull('resourceArn')),
  val('PutResourcePolicy', { ResourceArn: 'arn:x' }, notNull('policy')),
  ser(
    'UpdateKinesisStreamingDestination',
    { TableName: 'abc', StreamArn: 1 },
    'NUMBER_VALUE cannot be converted to String',
  ),
  // At most ten violations are listed.
  {
    op: 'CreateTable',
    body: {
      TableName: 'abc',
      AttributeDefinitions: Array.from({ length: 6 }, () => ({})),
      KeySchema: [{}],
    },
    type: 'ValidationException',
    message: `10 validation errors detected: ${Array.from({ length: 5 }, (_, i) => [
      notNull(`attributeDefinitions.${i + 1}.member.attributeName`),
      notNull(`attributeDefinitions.${i + 1}.member.attributeType`),
    ])
      .flat()
      .join('; ')}`,
  },
  // A later type error wins over earlier constraint violations: the body is deserialized first.
  ser(
    'Query',
    { TableName: 'a', Limit: 0, ConsistentRead: 'x' },
    'Unexpected token received from parser',
  ),
];

for (const c of cases) {
  test(`${c.op} ${JSON.stringify(c.body).slice(0, 120)}`, () => {
    if (!c.type) {
      assert.doesNotThrow(() => validateRequest('DynamoDB', c.op, c.body));
      return;
    }
    let error: unknown;
    try {
      validateRequest('DynamoDB', c.op, c.body);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof DynamoDbError, 'expected a DynamoDbError');
    assert.equal(error.type, c.type);
    if (c.message?.includes('@')) {
      // Structures print with an identity hash: compare around it.
      assert.match(error.message, new RegExp(`^${escape(c.message).replace(/@/g, '@[0-9a-f]+')}`));
    } else {
      assert.equal(error.message, c.message);
    }
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('coerces what Jackson coerces, in place, and drops null members', () => {
  const body: Record<string, unknown> = {
    TableName: 'abc',
    Limit: 2.9,
    ConsistentRead: 'YES',
    IndexName: null,
  };
  validateRequest('DynamoDB', 'Scan', body);
  assert.deepEqual(body, { TableName: 'abc', Limit: 2, ConsistentRead: true });
});

test('validates DynamoDB Streams requests from their own model', () => {
  assert.throws(
    () => validateRequest('DynamoDBStreams', 'GetRecords', {}),
    (e: unknown) =>
      e instanceof DynamoDbError &&
      e.message === `1 validation error detected: ${notNull('shardIterator')}`,
  );
  assert.throws(
    () => validateRequest('DynamoDBStreams', 'GetRecords', { ShardIterator: 1 }),
    (e: unknown) => e instanceof DynamoDbError && e.type === 'SerializationException',
  );
});

test('ignores operations it does not know, leaving them to the dispatcher', () => {
  assert.doesNotThrow(() => validateRequest('DynamoDB', 'NoSuchOperation', { a: 1 }));
});

test('targets named like Object.prototype members are unknown operations', () => {
  for (const op of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.doesNotThrow(() => validateRequest('DynamoDB', op, {}));
  }
});
