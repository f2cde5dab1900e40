// CreateTable, DescribeTable, ListTables, DeleteTable and UpdateTable through the SDK, as DynamoDB answers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  PutItemCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  type TestTarget,
  uniqueTableName,
} from '../helpers/server.js';
import { rawRequest } from '../helpers/raw-request.js';

let target: TestTarget;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target.close();
});

const WAIT = { maxWaitTime: 20, minDelay: 1, maxDelay: 1 };

function hashTable(
  name: string,
  extra: Partial<CreateTableCommandInput> = {},
): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    ...extra,
  };
}

async function create(input: CreateTableCommandInput) {
  const answer = await target.client.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client: target.client, ...WAIT }, { TableName: input.TableName });
  return answer;
}

async function describeTable(name: string) {
  return (await target.client.send(new DescribeTableCommand({ TableName: name }))).Table!;
}

async function expectError(promise: Promise<unknown>, name: string, message?: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

/** True when `keys` appear in the same relative order as in `order` (and only keys of `order`). */
function inOrder(keys: string[], order: string[]): boolean {
  const positions = keys.map((key) => order.indexOf(key));
  return positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!));
}

const DESCRIPTION_ORDER = [
  'AttributeDefinitions',
  'TableName',
  'KeySchema',
  'TableStatus',
  'CreationDateTime',
  'ProvisionedThroughput',
  'TableSizeBytes',
  'ItemCount',
  'TableArn',
  'TableId',
  'BillingModeSummary',
  'LocalSecondaryIndexes',
  'GlobalSecondaryIndexes',
  'StreamSpecification',
  'LatestStreamLabel',
  'LatestStreamArn',
  'GlobalTableVersion',
  'Replicas',
  'RestoreSummary',
  'SSEDescription',
  'ArchivalSummary',
  'TableClassSummary',
  'DeletionProtectionEnabled',
  'OnDemandThroughput',
  'WarmThroughput',
  'MultiRegionConsistency',
];

describe('CreateTable and DescribeTable', () => {
  test('an on-demand table becomes ACTIVE and is described with DynamoDB fields', async () => {
    const name = uniqueTableName('ct');
    const before = Date.now() / 1000;
    const created = await create(hashTable(name));
    assert.ok(['CREATING', 'ACTIVE'].includes(created.TableDescription!.TableStatus!));
    const table = await describeTable(name);
    assert.equal(table.TableName, name);
    assert.equal(table.TableStatus, 'ACTIVE');
    assert.deepEqual(table.KeySchema, [{ AttributeName: 'a', KeyType: 'HASH' }]);
    assert.deepEqual(table.AttributeDefinitions, [{ AttributeName: 'a', AttributeType: 'S' }]);
    assert.equal(table.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(table.ProvisionedThroughput?.ReadCapacityUnits, 0);
    assert.equal(table.ProvisionedThroughput?.WriteCapacityUnits, 0);
    assert.equal(table.ProvisionedThroughput?.NumberOfDecreasesToday, 0);
    assert.equal(table.ItemCount, 0);
    assert.equal(table.TableSizeBytes, 0);
    assert.equal(table.DeletionProtectionEnabled, false);
    assert.match(table.TableArn!, new RegExp(`^arn:aws:dynamodb:[^:]+:\\d{12}:table/${name}$`));
    assert.ok(table.CreationDateTime!.getTime() / 1000 >= Math.floor(before) - 1);
  });

  test('CreateTable answers CREATING', dynamoDbLocalDeviates('answers ACTIVE'), async () => {
    const name = uniqueTableName('ct');
    const created = await create(hashTable(name));
    assert.equal(created.TableDescription!.TableStatus, 'CREATING');
    assert.deepEqual(created.TableDescription!.BillingModeSummary, {
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  test(
    'DescribeTable has a TableId and WarmThroughput',
    dynamoDbLocalDeviates('no TableId'),
    async () => {
      const table = await describeTable(
        (await create(hashTable(uniqueTableName('ct')))).TableDescription!.TableName!,
      );
      assert.match(
        table.TableId!,
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      assert.deepEqual(table.WarmThroughput, {
        ReadUnitsPerSecond: 12000,
        WriteUnitsPerSecond: 4000,
        Status: 'ACTIVE',
      });
      assert.deepEqual(table.OnDemandThroughput, {
        MaxReadRequestUnits: -1,
        MaxWriteRequestUnits: -1,
      });
      assert.equal(
        table.BillingModeSummary!.LastUpdateToPayPerRequestDateTime!.getTime(),
        table.CreationDateTime!.getTime(),
      );
    },
  );

  test('the raw DescribeTable JSON keeps DynamoDB key order', async () => {
    const name = uniqueTableName('ct');
    await create(
      hashTable(name, {
        AttributeDefinitions: [
          { AttributeName: 'a', AttributeType: 'S' },
          { AttributeName: 'b', AttributeType: 'N' },
        ],
        KeySchema: [
          { AttributeName: 'a', KeyType: 'HASH' },
          { AttributeName: 'b', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        DeletionProtectionEnabled: false,
      }),
    );
    const raw = await rawRequest(target.endpoint, 'DescribeTable', { TableName: name });
    assert.equal(raw.status, 200);
    const keys = Object.keys(raw.body.Table);
    assert.ok(inOrder(keys, DESCRIPTION_ORDER), keys.join(','));
    for (const key of [
      'AttributeDefinitions',
      'TableName',
      'KeySchema',
      'TableStatus',
      'CreationDateTime',
      'ProvisionedThroughput',
      'TableSizeBytes',
      'ItemCount',
      'TableArn',
      'StreamSpecification',
      'LatestStreamLabel',
      'LatestStreamArn',
      'DeletionProtectionEnabled',
    ]) {
      assert.ok(keys.includes(key), key);
    }
    const throughputKeys = Object.keys(raw.body.Table.ProvisionedThroughput);
    assert.ok(
      inOrder(throughputKeys, [
        'LastIncreaseDateTime',
        'LastDecreaseDateTime',
        'NumberOfDecreasesToday',
        'ReadCapacityUnits',
        'WriteCapacityUnits',
      ]),
      throughputKeys.join(','),
    );
    assert.deepEqual(raw.body.Table.StreamSpecification, {
      StreamEnabled: true,
      StreamViewType: 'NEW_IMAGE',
    });
    assert.match(raw.body.Table.LatestStreamLabel, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(
      raw.body.Table.LatestStreamArn,
      `${raw.body.Table.TableArn}/stream/${raw.body.Table.LatestStreamLabel}`,
    );
  });

  test('a provisioned table shows its capacity and no billing summary', async () => {
    const name = uniqueTableName('ct');
    await create(
      hashTable(name, {
        BillingMode: undefined,
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
      }),
    );
    const table = await describeTable(name);
    assert.equal(table.ProvisionedThroughput?.ReadCapacityUnits, 5);
    assert.equal(table.ProvisionedThroughput?.WriteCapacityUnits, 3);
    assert.equal(table.BillingModeSummary, undefined);
  });

  test(
    'settings are kept and described',
    dynamoDbLocalDeviates('ignores SSE and TableClass'),
    async () => {
      const name = uniqueTableName('ct');
      await create(
        hashTable(name, {
          SSESpecification: {
            Enabled: true,
            SSEType: 'KMS',
            KMSMasterKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
          },
          TableClass: 'STANDARD_INFREQUENT_ACCESS',
          OnDemandThroughput: { MaxReadRequestUnits: 100, MaxWriteRequestUnits: 50 },
          WarmThroughput: { ReadUnitsPerSecond: 15000, WriteUnitsPerSecond: 5000 },
        }),
      );
      const table = await describeTable(name);
      assert.equal(table.SSEDescription?.Status, 'ENABLED');
      assert.equal(table.SSEDescription?.SSEType, 'KMS');
      assert.match(
        String(table.SSEDescription?.KMSMasterKeyArn),
        /^arn:aws:kms:[^:]+:\d{12}:key\/1234abcd-12ab-34cd-56ef-1234567890ab$/,
      );
      assert.deepEqual(table.TableClassSummary, { TableClass: 'STANDARD_INFREQUENT_ACCESS' });
      assert.deepEqual(table.OnDemandThroughput, {
        MaxReadRequestUnits: 100,
        MaxWriteRequestUnits: 50,
      });
      assert.deepEqual(table.WarmThroughput, {
        ReadUnitsPerSecond: 15000,
        WriteUnitsPerSecond: 5000,
        Status: 'ACTIVE',
      });
    },
  );

  test('ItemCount and TableSizeBytes count the items', async () => {
    const name = uniqueTableName('ct');
    await create(hashTable(name));
    await target.client.send(
      new PutItemCommand({ TableName: name, Item: { a: { S: 'x' }, b: { S: 'hello' } } }),
    );
    await target.client.send(new PutItemCommand({ TableName: name, Item: { a: { S: 'y' } } }));
    const table = await describeTable(name);
    assert.equal(table.ItemCount, 2);
    assert.equal(table.TableSizeBytes, 8 + 2);
  });

  test('a table ARN works as TableName', async () => {
    const name = uniqueTableName('ct');
    await create(hashTable(name));
    const { TableArn } = await describeTable(name);
    const table = await describeTable(TableArn!);
    assert.equal(table.TableName, name);
  });

  test(
    'an ARN of another region is a table that does not exist',
    dynamoDbLocalDeviates('ignores the region'),
    async () => {
      const name = uniqueTableName('ct');
      await create(hashTable(name));
      const { TableArn } = await describeTable(name);
      const elsewhere = TableArn!.replace(/:dynamodb:[^:]+:/, ':dynamodb:eu-north-1:');
      await expectError(describeTable(elsewhere), 'ResourceNotFoundException');
    },
  );

  test('a missing table is ResourceNotFoundException', async () => {
    await expectError(describeTable(uniqueTableName('missing')), 'ResourceNotFoundException');
  });

  test('a missing table names the table', dynamoDbLocalDeviates('own wording'), async () => {
    const name = uniqueTableName('missing');
    await expectError(
      describeTable(name),
      'ResourceNotFoundException',
      `Requested resource not found: Table: ${name} not found`,
    );
  });

  test('an existing table is ResourceInUseException', async () => {
    const name = uniqueTableName('ct');
    await create(hashTable(name));
    await expectError(
      target.client.send(new CreateTableCommand(hashTable(name))),
      'ResourceInUseException',
    );
  });

  test('an existing table: DynamoDB wording', dynamoDbLocalDeviates('own wording'), async () => {
    const name = uniqueTableName('ct');
    await create(hashTable(name));
    await expectError(
      target.client.send(new CreateTableCommand(hashTable(name))),
      'ResourceInUseException',
      `Table already exists: ${name}`,
    );
  });
});

describe('CreateTable validation (DynamoDB wording)', () => {
  const S = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const HASH = (name: string) => ({ AttributeName: name, KeyType: 'HASH' as const });
  const RANGE = (name: string) => ({ AttributeName: name, KeyType: 'RANGE' as const });
  const INVALID = 'One or more parameter values were invalid: ';
  const cases: Array<[string, Partial<CreateTableCommandInput>, string]> = [
    [
      'key attribute not defined',
      { AttributeDefinitions: [S('b')], KeySchema: [HASH('a')] },
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]`,
    ],
    [
      'more keys than definitions',
      { AttributeDefinitions: [S('a')], KeySchema: [HASH('a'), RANGE('b')] },
      'Invalid KeySchema: Some index key attribute have no definition',
    ],
    [
      'unused definition',
      { AttributeDefinitions: [S('a'), S('b')], KeySchema: [HASH('a')] },
      `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    ],
    [
      'RANGE first',
      { AttributeDefinitions: [S('a'), S('b')], KeySchema: [RANGE('a'), HASH('b')] },
      'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
    ],
    [
      'two HASH keys',
      { AttributeDefinitions: [S('a'), S('b')], KeySchema: [HASH('a'), HASH('b')] },
      'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type',
    ],
    [
      'same key twice',
      { AttributeDefinitions: [S('a'), S('b')], KeySchema: [HASH('a'), RANGE('a')] },
      'Both the Hash Key and the Range Key element in the KeySchema have the same name',
    ],
    [
      'throughput with PAY_PER_REQUEST',
      { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
    ],
    [
      'no throughput when PROVISIONED',
      { BillingMode: 'PROVISIONED' },
      `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
    ],
    [
      'no throughput, no billing mode',
      { BillingMode: undefined },
      `${INVALID}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
    ],
    [
      'huge throughput',
      {
        BillingMode: undefined,
        ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1 },
      },
      'Given value 1000000000001 for ReadCapacityUnits is out of bounds',
    ],
    [
      'aws: tag',
      { Tags: [{ Key: 'aws:x', Value: 'v' }] },
      "User-defined tag keys can not start with reserved prefix 'aws:'",
    ],
    [
      'LSI on a table without a range key',
      {
        LocalSecondaryIndexes: [
          {
            IndexName: 'lsi',
            KeySchema: [HASH('a'), RANGE('a')],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
      `${INVALID}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
    ],
    [
      'duplicate index name',
      {
        AttributeDefinitions: [S('a'), S('b')],
        GlobalSecondaryIndexes: [
          { IndexName: 'gsi', KeySchema: [HASH('b')], Projection: { ProjectionType: 'ALL' } },
          { IndexName: 'gsi', KeySchema: [HASH('b')], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
      },
      `${INVALID}Duplicate index name: gsi`,
    ],
    [
      'index key not defined',
      {
        GlobalSecondaryIndexes: [
          { IndexName: 'gsi', KeySchema: [HASH('c')], Projection: { ProjectionType: 'ALL' } },
        ],
      },
      `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [c], AttributeDefinitions: [a]`,
    ],
  ];
  for (const [title, input, message] of cases) {
    test(title, dynamoDbLocalDeviates('own wording'), async () => {
      const request = hashTable(uniqueTableName('bad'), input);
      await expectError(
        target.client.send(new CreateTableCommand(request)),
        'ValidationException',
        message,
      );
    });
  }

  test('a stream needs a view type, exactly when enabled', async () => {
    await expectError(
      target.client.send(
        new CreateTableCommand(
          hashTable(uniqueTableName('bad'), { StreamSpecification: { StreamEnabled: true } }),
        ),
      ),
      'ValidationException',
      'Invalid StreamViewType: Stream ViewType must not be null or empty when enabling streams.',
    );
    await expectError(
      target.client.send(
        new CreateTableCommand(
          hashTable(uniqueTableName('bad'), {
            StreamSpecification: { StreamEnabled: false, StreamViewType: 'KEYS_ONLY' },
          }),
        ),
      ),
      'ValidationException',
      'Invalid StreamViewType: Stream StreamEnabled was false but a StreamViewType was present.',
    );
  });
});

describe('ListTables', () => {
  // Names after every other test's, so the last page really is the end of the list.
  const prefix = `zzzzzz-${uniqueTableName('lt')}`;
  const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];

  before(async () => {
    for (const name of names) await create(hashTable(name));
  });

  test('pages alphabetically with LastEvaluatedTableName only while more remain', async () => {
    const first = await target.client.send(
      new ListTablesCommand({ ExclusiveStartTableName: prefix, Limit: 2 }),
    );
    assert.deepEqual(first.TableNames, names.slice(0, 2));
    assert.equal(first.LastEvaluatedTableName, names[1]);
    const second = await target.client.send(
      new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName, Limit: 1 }),
    );
    assert.deepEqual(second.TableNames, [names[2]]);
    assert.equal(second.LastEvaluatedTableName, undefined);
    const rest = await target.client.send(
      new ListTablesCommand({ ExclusiveStartTableName: names[2] }),
    );
    assert.deepEqual(rest.TableNames, []);
  });

  test('without a limit lists every table in order', async () => {
    const all = await target.client.send(new ListTablesCommand({}));
    const ours = all.TableNames!.filter((name) => name.startsWith(prefix));
    assert.deepEqual(ours, names);
    assert.deepEqual([...all.TableNames!].sort(), all.TableNames);
  });

  test(
    'ExclusiveStartTableName is a table name, not an ARN',
    dynamoDbLocalDeviates('own wording'),
    async () => {
      const arn = 'arn:aws:dynamodb:us-east-1:000000000000:table/abc';
      await expectError(
        target.client.send(new ListTablesCommand({ ExclusiveStartTableName: arn })),
        'ValidationException',
        `1 validation error detected: Value '${arn}' at 'exclusiveStartTableName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+',
      );
    },
  );
});

describe('DeleteTable', () => {
  test('the table and its items are gone', async () => {
    const name = uniqueTableName('dt');
    await create(hashTable(name));
    await target.client.send(new PutItemCommand({ TableName: name, Item: { a: { S: 'x' } } }));
    const answer = await target.client.send(new DeleteTableCommand({ TableName: name }));
    assert.equal(answer.TableDescription!.TableName, name);
    await waitUntilTableNotExists({ client: target.client, ...WAIT }, { TableName: name });
    await expectError(describeTable(name), 'ResourceNotFoundException');
    await create(hashTable(name));
    assert.equal((await describeTable(name)).ItemCount, 0);
  });

  test('a table larger than one purge batch is deleted completely', async () => {
    const name = uniqueTableName('dt');
    await create(hashTable(name));
    for (let start = 0; start < 1010; start += 25) {
      const requests = Array.from({ length: 25 }, (_, i) => ({
        PutRequest: { Item: { a: { S: `item-${start + i}` } } },
      }));
      await target.client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
    }
    assert.equal((await describeTable(name)).ItemCount, 1025);
    await target.client.send(new DeleteTableCommand({ TableName: name }));
    await waitUntilTableNotExists({ client: target.client, ...WAIT }, { TableName: name });
    await create(hashTable(name));
    assert.equal((await describeTable(name)).ItemCount, 0);
  });

  test('answers DELETING', dynamoDbLocalDeviates('answers ACTIVE'), async () => {
    const name = uniqueTableName('dt');
    await create(hashTable(name));
    const answer = await target.client.send(new DeleteTableCommand({ TableName: name }));
    assert.equal(answer.TableDescription!.TableStatus, 'DELETING');
  });

  test('a missing table is ResourceNotFoundException', async () => {
    await expectError(
      target.client.send(new DeleteTableCommand({ TableName: uniqueTableName('missing') })),
      'ResourceNotFoundException',
    );
  });

  test('deletion protection refuses, until disabled', async () => {
    const name = uniqueTableName('dt');
    await create(hashTable(name, { DeletionProtectionEnabled: true }));
    await expectError(
      target.client.send(new DeleteTableCommand({ TableName: name })),
      'ValidationException',
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
    await target.client.send(
      new UpdateTableCommand({ TableName: name, DeletionProtectionEnabled: false }),
    );
    assert.equal((await describeTable(name)).DeletionProtectionEnabled, false);
    await target.client.send(new DeleteTableCommand({ TableName: name }));
    await waitUntilTableNotExists({ client: target.client, ...WAIT }, { TableName: name });
  });
});

describe('UpdateTable', () => {
  const provisioned = {
    BillingMode: undefined,
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  };

  test('changes provisioned throughput', async () => {
    const name = uniqueTableName('ut');
    await create(hashTable(name, provisioned));
    await target.client.send(
      new UpdateTableCommand({
        TableName: name,
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      }),
    );
    await waitUntilTableExists({ client: target.client, ...WAIT }, { TableName: name });
    const table = await describeTable(name);
    assert.equal(table.ProvisionedThroughput?.ReadCapacityUnits, 10);
    assert.equal(table.ProvisionedThroughput?.WriteCapacityUnits, 5);
  });

  test(
    'throughput bookkeeping and UPDATING',
    dynamoDbLocalDeviates('no bookkeeping, answers ACTIVE'),
    async () => {
      const name = uniqueTableName('ut');
      await create(hashTable(name, provisioned));
      const increased = await target.client.send(
        new UpdateTableCommand({
          TableName: name,
          ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
        }),
      );
      assert.equal(increased.TableDescription!.TableStatus, 'UPDATING');
      assert.ok(increased.TableDescription!.ProvisionedThroughput!.LastIncreaseDateTime);
      await target.client.send(
        new UpdateTableCommand({
          TableName: name,
          ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 2 },
        }),
      );
      const table = await describeTable(name);
      assert.equal(table.TableStatus, 'ACTIVE');
      assert.equal(table.ProvisionedThroughput!.NumberOfDecreasesToday, 1);
      assert.ok(table.ProvisionedThroughput!.LastDecreaseDateTime);
    },
  );

  test('switches billing mode both ways', async () => {
    const name = uniqueTableName('ut');
    await create(hashTable(name, provisioned));
    await target.client.send(
      new UpdateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST' }),
    );
    await waitUntilTableExists({ client: target.client, ...WAIT }, { TableName: name });
    let table = await describeTable(name);
    assert.equal(table.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.ok(table.BillingModeSummary?.LastUpdateToPayPerRequestDateTime);
    assert.equal(table.ProvisionedThroughput?.ReadCapacityUnits, 0);
    await target.client.send(
      new UpdateTableCommand({
        TableName: name,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      }),
    );
    await waitUntilTableExists({ client: target.client, ...WAIT }, { TableName: name });
    table = await describeTable(name);
    assert.equal(table.BillingModeSummary?.BillingMode, 'PROVISIONED');
    assert.equal(table.ProvisionedThroughput?.ReadCapacityUnits, 3);
    assert.equal(table.ProvisionedThroughput?.WriteCapacityUnits, 4);
  });

  test('enables and disables a stream', async () => {
    const name = uniqueTableName('ut');
    await create(hashTable(name));
    await target.client.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    let table = await describeTable(name);
    assert.deepEqual(table.StreamSpecification, {
      StreamEnabled: true,
      StreamViewType: 'KEYS_ONLY',
    });
    const label = table.LatestStreamLabel;
    await expectError(
      target.client.send(
        new UpdateTableCommand({
          TableName: name,
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      ),
      'ValidationException',
      'Table already has an enabled stream',
    );
    await target.client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
    );
    table = await describeTable(name);
    assert.equal(table.StreamSpecification, undefined);
    assert.equal(table.LatestStreamLabel, label);
    await expectError(
      target.client.send(
        new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
      ),
      'ValidationException',
      'Table has no stream to disable',
    );
  });

  test('changes table class', dynamoDbLocalDeviates('ignores TableClass'), async () => {
    const name = uniqueTableName('ut');
    await create(hashTable(name));
    await target.client.send(
      new UpdateTableCommand({ TableName: name, TableClass: 'STANDARD_INFREQUENT_ACCESS' }),
    );
    const table = await describeTable(name);
    assert.equal(table.TableClassSummary?.TableClass, 'STANDARD_INFREQUENT_ACCESS');
    assert.ok(table.TableClassSummary?.LastUpdateDateTime);
  });

  test('a missing table is ResourceNotFoundException', async () => {
    await expectError(
      target.client.send(
        new UpdateTableCommand({
          TableName: uniqueTableName('missing'),
          DeletionProtectionEnabled: true,
        }),
      ),
      'ResourceNotFoundException',
    );
  });

  test(
    'errors in DynamoDB wording',
    dynamoDbLocalDeviates('own wording, accepts throughput on on-demand tables'),
    async () => {
      const name = uniqueTableName('ut');
      await create(hashTable(name));
      const update = (input: Record<string, unknown>) =>
        target.client.send(new UpdateTableCommand({ TableName: name, ...input }));
      await expectError(
        update({}),
        'ValidationException',
        'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
      );
      await expectError(
        update({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        'ValidationException',
        'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
      );
      await expectError(
        update({ BillingMode: 'PROVISIONED' }),
        'ValidationException',
        'One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
      );
      await update({
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
      });
      await expectError(
        update({ ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } }),
        'ValidationException',
        'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
          'Current ReadCapacityUnits provisioned for the table: 2. Requested ReadCapacityUnits: 2. ' +
          'Current WriteCapacityUnits provisioned for the table: 3. Requested WriteCapacityUnits: 3. ' +
          'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      );
      await expectError(
        update({ GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] }),
        'ResourceNotFoundException',
      );
    },
  );
});
