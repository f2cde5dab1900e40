// Secondary index definitions: CreateTable and UpdateTable checks with DynamoDB's messages, and the
// index descriptions DescribeTable returns.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  UpdateTableCommand,
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

const H = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: 'HASH' });
const R = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: 'RANGE' });
const DEFINITIONS = ['a', 'b', 'c', 'd', 'e'].map((name) => ({
  AttributeName: name,
  AttributeType: name === 'c' || name === 'd' ? ('N' as const) : ('S' as const),
}));

function gsi(
  name: string,
  keys: KeySchemaElement[],
  extra: Partial<GlobalSecondaryIndex> = {},
): GlobalSecondaryIndex {
  return { IndexName: name, KeySchema: keys, Projection: { ProjectionType: 'ALL' }, ...extra };
}

function table(extra: Partial<CreateTableCommandInput>): CreateTableCommandInput {
  return {
    TableName: uniqueTableName('idx'),
    AttributeDefinitions: DEFINITIONS,
    KeySchema: [H('a'), R('b')],
    BillingMode: 'PAY_PER_REQUEST',
    ...extra,
  };
}

async function expectValidation(input: CreateTableCommandInput, message: string): Promise<void> {
  await assert.rejects(target.client.send(new CreateTableCommand(input)), (error: Error) => {
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.message, message);
    return true;
  });
}

describe('CreateTable index checks', () => {
  test('a GSI key may have up to four partition key attributes', async () => {
    await expectValidation(
      table({ GlobalSecondaryIndexes: [gsi('ix1', [H('a'), H('b'), H('c'), H('d'), H('e')])] }),
      'Too many partition keys. GSI can have at most 4 partition keys',
    );
  });

  test('partition key attributes come before sort key attributes', async () => {
    await expectValidation(
      table({ GlobalSecondaryIndexes: [gsi('ix1', [H('c'), R('d'), H('e')])] }),
      'Invalid key order. Hash Key must be specified first in key schema, Range Key must be specifed second',
    );
  });

  test('a multi-attribute key names each attribute once', async () => {
    await expectValidation(
      table({ GlobalSecondaryIndexes: [gsi('ix1', [H('c'), H('c')])] }),
      'Two keys can not have the same name',
    );
  });

  test('INCLUDE needs NonKeyAttributes', async () => {
    await expectValidation(
      table({
        AttributeDefinitions: DEFINITIONS.slice(0, 3),
        GlobalSecondaryIndexes: [
          gsi('ix1', [H('c')], { Projection: { ProjectionType: 'INCLUDE' } }),
        ],
      }),
      'If Projection type INCLUDE is specified, some non-key attributes to include in the projection must be specified as well',
    );
  });

  test('null key schema elements and NonKeyAttributes are refused', async () => {
    // The SDK drops null list elements, so these go as raw JSON.
    const cases: [Record<string, unknown>, string][] = [
      [{ KeySchema: [H('a'), null] }, 'Key schema element is invalid.'],
      [
        {
          AttributeDefinitions: DEFINITIONS.slice(0, 3),
          GlobalSecondaryIndexes: [{ ...gsi('ix1', [H('c')]), KeySchema: [H('c'), null] }],
        },
        'Key schema element is invalid.',
      ],
      [
        {
          AttributeDefinitions: DEFINITIONS.slice(0, 3),
          GlobalSecondaryIndexes: [
            gsi('ix1', [H('c')], {
              Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x', null as never] },
            }),
          ],
        },
        'Attribute name must be specified.',
      ],
    ];
    for (const [extra, message] of cases) {
      const response = await rawRequest(target.endpoint, 'CreateTable', table(extra));
      assert.equal(response.status, 400);
      assert.equal(response.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(response.body.message ?? response.body.Message, message);
    }
  });

  test('key and projected attribute names take at most 255 UTF-8 bytes', async () => {
    const long = 'é'.repeat(128); // 128 characters, 256 bytes
    const message =
      'Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive';
    await expectValidation(
      table({
        AttributeDefinitions: [DEFINITIONS[0]!, { AttributeName: long, AttributeType: 'S' }],
        KeySchema: [H('a'), R(long)],
      }),
      message,
    );
    await expectValidation(
      table({
        AttributeDefinitions: DEFINITIONS.slice(0, 3),
        GlobalSecondaryIndexes: [
          gsi('ix1', [H('c')], {
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [long] },
          }),
        ],
      }),
      message,
    );
    const name = `x${'é'.repeat(127)}`; // 255 bytes
    await target.client.send(
      new CreateTableCommand(
        table({
          AttributeDefinitions: [DEFINITIONS[0]!, { AttributeName: name, AttributeType: 'S' }],
          KeySchema: [H('a'), R(name)],
        }),
      ),
    );
  });

  test('an attribute is defined once, also when indexes use the definitions', async () => {
    await expectValidation(
      table({
        AttributeDefinitions: [
          ...DEFINITIONS.slice(0, 3),
          { AttributeName: 'c', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [gsi('ix1', [H('c')])],
      }),
      'Cannot have two attributes with the same name',
    );
  });

  test('NonKeyAttributes are distinct', async () => {
    await expectValidation(
      table({
        AttributeDefinitions: DEFINITIONS.slice(0, 3),
        GlobalSecondaryIndexes: [
          gsi('ix1', [H('c')], {
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x', 'x'] },
          }),
        ],
      }),
      'Cannot have two attributes with the same name',
    );
  });

  test(
    'at most 100 projected attributes across the indexes',
    dynamoDbLocalDeviates('DynamoDB Local still applies the old limit of 20, in its own words'),
    async () => {
      const include = (count: number, prefix: string) => ({
        ProjectionType: 'INCLUDE' as const,
        NonKeyAttributes: Array.from({ length: count }, (_, i) => `${prefix}${i}`),
      });
      // At most 20 per index (the API model's limit), 100 in total.
      const counts = [20, 20, 20, 20, 20, 1];
      await expectValidation(
        table({
          AttributeDefinitions: DEFINITIONS.slice(0, 3),
          GlobalSecondaryIndexes: counts.map((count, i) =>
            gsi(`ix${i}`, [H('c')], { Projection: include(count, `x${i}-`) }),
          ),
        }),
        'One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of 100, number of projected attributes: 101',
      );
    },
  );

  test(
    'a GSI of a provisioned table needs its own throughput',
    dynamoDbLocalDeviates('DynamoDB Local words it "No provisioned throughput specified…"'),
    async () => {
      await expectValidation(
        table({
          AttributeDefinitions: DEFINITIONS.slice(0, 3),
          BillingMode: 'PROVISIONED',
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          GlobalSecondaryIndexes: [gsi('ix1', [H('c')])],
        }),
        'One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ix1',
      );
    },
  );

  test(
    'duplicate index names',
    dynamoDbLocalDeviates('DYNAMODB-FACTS.md: DynamoDB names the duplicate'),
    async () => {
      await expectValidation(
        table({
          AttributeDefinitions: DEFINITIONS.slice(0, 4),
          GlobalSecondaryIndexes: [gsi('ix1', [H('c')]), gsi('ix1', [H('d')])],
        }),
        'One or more parameter values were invalid: Duplicate index name: ix1',
      );
    },
  );
});

/** The index descriptions, with what DynamoDB Local leaves out (and DynamoDB sends) removed. */
function comparable(description: Record<string, any>): Record<string, unknown> {
  const { OnDemandThroughput: _o, WarmThroughput: _w, ...rest } = description;
  if (rest.ProvisionedThroughput !== undefined) {
    const { NumberOfDecreasesToday: _n, ...throughput } = rest.ProvisionedThroughput;
    if (throughput.ReadCapacityUnits === 0) delete rest.ProvisionedThroughput;
    else rest.ProvisionedThroughput = throughput;
  }
  return rest;
}

describe('DescribeTable index descriptions', () => {
  test('LSIs and GSIs, keys in DynamoDB order', async () => {
    const input = table({
      LocalSecondaryIndexes: [
        {
          IndexName: 'lsi1',
          KeySchema: [H('a'), R('c')],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x', 'y'] },
        },
      ],
      GlobalSecondaryIndexes: [
        gsi('gsi1', [H('d')], { Projection: { ProjectionType: 'KEYS_ONLY' } }),
        gsi('gsi2', [H('b'), H('d'), R('c'), R('e')]),
      ],
    });
    await target.client.send(new CreateTableCommand(input));
    const raw = await describeRaw(input.TableName!);
    const arn = raw.TableArn as string;
    assert.deepEqual(Object.keys(raw).slice(Object.keys(raw).indexOf('ItemCount')).slice(0, 1), [
      'ItemCount',
    ]);
    assert.deepEqual(raw.LocalSecondaryIndexes, [
      {
        IndexName: 'lsi1',
        KeySchema: [H('a'), R('c')],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['x', 'y'] },
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${arn}/index/lsi1`,
      },
    ]);
    const globals = (raw.GlobalSecondaryIndexes as Record<string, any>[]).map(comparable);
    assert.deepEqual(globals, [
      {
        IndexName: 'gsi1',
        KeySchema: [H('d')],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        IndexStatus: 'ACTIVE',
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${arn}/index/gsi1`,
      },
      {
        IndexName: 'gsi2',
        KeySchema: [H('b'), H('d'), R('c'), R('e')],
        Projection: { ProjectionType: 'ALL' },
        IndexStatus: 'ACTIVE',
        IndexSizeBytes: 0,
        ItemCount: 0,
        IndexArn: `${arn}/index/gsi2`,
      },
    ]);
    // Key order matters to clients that compare JSON: DynamoDB's order, as DynamoDB Local shows it.
    for (const index of raw.GlobalSecondaryIndexes as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(comparable(index)), Object.keys(globals[0]!));
    }
  });

  test('a provisioned GSI reports its throughput', async () => {
    const input = table({
      AttributeDefinitions: DEFINITIONS.slice(0, 3),
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 },
      GlobalSecondaryIndexes: [
        gsi('gsi1', [H('c'), R('a')], {
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 },
        }),
      ],
    });
    await target.client.send(new CreateTableCommand(input));
    const raw = await describeRaw(input.TableName!);
    const index = (raw.GlobalSecondaryIndexes as Record<string, any>[])[0]!;
    assert.deepEqual(comparable(index).ProvisionedThroughput, {
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 6,
    });
  });

  test(
    'DynamoDB sends on-demand and warm throughput for every GSI',
    dynamoDbLocalDeviates('DynamoDB Local omits them'),
    async () => {
      const input = table({
        AttributeDefinitions: DEFINITIONS.slice(0, 3),
        GlobalSecondaryIndexes: [gsi('gsi1', [H('c')])],
      });
      await target.client.send(new CreateTableCommand(input));
      const index = (await describeRaw(input.TableName!)).GlobalSecondaryIndexes[0];
      assert.deepEqual(index.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
      assert.deepEqual(index.OnDemandThroughput, {
        MaxReadRequestUnits: -1,
        MaxWriteRequestUnits: -1,
      });
      assert.deepEqual(index.WarmThroughput, {
        ReadUnitsPerSecond: 12000,
        WriteUnitsPerSecond: 4000,
        Status: 'ACTIVE',
      });
    },
  );
});

describe('UpdateTable index checks', () => {
  async function hashTable(): Promise<string> {
    const input = table({ AttributeDefinitions: DEFINITIONS.slice(0, 1), KeySchema: [H('a')] });
    await target.client.send(new CreateTableCommand(input));
    return input.TableName!;
  }

  async function expectUpdateError(
    input: ConstructorParameters<typeof UpdateTableCommand>[0],
    name: string,
    message: string,
  ): Promise<void> {
    await assert.rejects(target.client.send(new UpdateTableCommand(input)), (error: Error) => {
      assert.equal(error.name, name);
      assert.equal(error.message, message);
      return true;
    });
  }

  test('two index creations in one request', async () => {
    const name = await hashTable();
    await expectUpdateError(
      {
        TableName: name,
        AttributeDefinitions: DEFINITIONS.slice(0, 4),
        GlobalSecondaryIndexUpdates: [
          { Create: gsi('gsi-c', [H('c')]) },
          { Create: gsi('gsi-d', [H('d')]) },
        ],
      },
      'LimitExceededException',
      'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
  });

  test('a creation and a deletion in one update element', async () => {
    const input = table({
      AttributeDefinitions: [DEFINITIONS[0]!, DEFINITIONS[2]!],
      KeySchema: [H('a')],
      GlobalSecondaryIndexes: [gsi('gsi-c', [H('c')])],
    });
    await target.client.send(new CreateTableCommand(input));
    await expectUpdateError(
      {
        TableName: input.TableName,
        AttributeDefinitions: DEFINITIONS.slice(0, 4),
        GlobalSecondaryIndexUpdates: [
          { Create: gsi('gsi-d', [H('d')]), Delete: { IndexName: 'gsi-c' } },
        ],
      },
      'LimitExceededException',
      'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
  });

  test('a second index while one is being created', async () => {
    const name = await hashTable();
    const definitions = DEFINITIONS.slice(0, 4);
    await target.client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: definitions,
        GlobalSecondaryIndexUpdates: [{ Create: gsi('gsi-c', [H('c')]) }],
      }),
    );
    const status = (await describeRaw(name)).GlobalSecondaryIndexes[0].IndexStatus;
    if (status !== 'CREATING') return; // already built: nothing left to race against
    await expectUpdateError(
      {
        TableName: name,
        AttributeDefinitions: definitions,
        GlobalSecondaryIndexUpdates: [{ Create: gsi('gsi-d', [H('d')]) }],
      },
      'LimitExceededException',
      'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
  });

  test('deleting an index that does not exist', async () => {
    const name = await hashTable();
    await expectUpdateError(
      { TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] },
      'ResourceNotFoundException',
      'Requested resource not found',
    );
  });

  test(
    'an index update that changes no throughput',
    dynamoDbLocalDeviates('own wording'),
    async () => {
      const input = table({
        AttributeDefinitions: [DEFINITIONS[0]!, DEFINITIONS[2]!],
        KeySchema: [H('a')],
        BillingMode: undefined,
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        GlobalSecondaryIndexes: [
          gsi('gsi-c', [H('c')], {
            ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
          }),
        ],
      });
      await target.client.send(new CreateTableCommand(input));
      await expectUpdateError(
        {
          TableName: input.TableName,
          GlobalSecondaryIndexUpdates: [
            {
              Update: {
                IndexName: 'gsi-c',
                ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
              },
            },
          ],
        },
        'ValidationException',
        'The provisioned throughput for the index gsi-c will not change. The requested value equals the current value. ' +
          'Current ReadCapacityUnits provisioned for the index: 2. Requested ReadCapacityUnits: 2. ' +
          'Current WriteCapacityUnits provisioned for the index: 3. Requested WriteCapacityUnits: 3. ' +
          'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
      );
    },
  );

  test(
    'two updates of one index',
    dynamoDbLocalDeviates('DynamoDB names the index (dynalite records it)'),
    async () => {
      const name = await hashTable();
      await expectUpdateError(
        {
          TableName: name,
          AttributeDefinitions: DEFINITIONS.slice(0, 3),
          GlobalSecondaryIndexUpdates: [
            { Create: gsi('gsi-c', [H('c')]) },
            { Delete: { IndexName: 'gsi-c' } },
          ],
        },
        'ValidationException',
        'One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: gsi-c',
      );
    },
  );
});

async function describeRaw(name: string): Promise<Record<string, any>> {
  // The SDK turns dates into Date objects; the JSON shape is what is compared here.
  const answer = await target.client.send(new DescribeTableCommand({ TableName: name }));
  return JSON.parse(JSON.stringify(answer.Table)) as Record<string, any>;
}
