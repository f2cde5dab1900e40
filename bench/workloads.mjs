// The tables, the data set and the YCSB-style workloads (A B C D E F T) as DynamoDB JSON requests.

export const ITEMS_TABLE = 'usertable';
export const PARTITIONS_TABLE = 'partitions';
/** Items per partition of the Query table: workload E reads one whole partition. */
export const ITEMS_PER_PARTITION = 10;
const FIELDS = 10;
const FIELD_LENGTH = 100;

const field = (seed) => `${seed}`.padEnd(FIELD_LENGTH, 'abcdefghijklmnopqrstuvwxyz');
const randomInt = (n) => Math.floor(Math.random() * n);

/** One ~1 KB item (ten 100-byte string fields, like YCSB's default record). */
export function record(key, extra = {}) {
  const item = { pk: { S: key }, ...extra };
  for (let i = 0; i < FIELDS; i += 1) item[`field${i}`] = { S: field(`${key}-${i}`) };
  return item;
}

export const TABLES = [
  {
    TableName: ITEMS_TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  },
  {
    TableName: PARTITIONS_TABLE,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
  },
];

/**
 * Every item of the data set, as [table, item], `records` in each of `tables` (default both):
 * a run of only Query workloads needs only the partitions table loaded, and at 10M records
 * loading both would double the store for nothing.
 */
export function* dataSet(records, tables = [ITEMS_TABLE, PARTITIONS_TABLE]) {
  if (tables.includes(ITEMS_TABLE)) {
    for (let i = 0; i < records; i += 1) yield [ITEMS_TABLE, record(`user${i}`)];
  }
  if (!tables.includes(PARTITIONS_TABLE)) return;
  for (let i = 0; i < records; i += 1) {
    const partition = Math.floor(i / ITEMS_PER_PARTITION);
    yield [
      PARTITIONS_TABLE,
      record(`p${partition}`, { sk: { N: String(i % ITEMS_PER_PARTITION) } }),
    ];
  }
}

let newKeys = 0;
const userKey = (records) => ({ pk: { S: `user${randomInt(records)}` } });
const getItem = (records) => ['GetItem', { TableName: ITEMS_TABLE, Key: userKey(records) }];
const updateItem = (records) => [
  'UpdateItem',
  {
    TableName: ITEMS_TABLE,
    Key: userKey(records),
    UpdateExpression: 'SET field0 = :v',
    ExpressionAttributeValues: { ':v': { S: field(`u${Math.random()}`) } },
  },
];
const addUpdate = (records, key = randomInt(records)) => ({
  TableName: ITEMS_TABLE,
  Key: { pk: { S: `user${key}` } },
  UpdateExpression: 'ADD hits :one',
  ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeValues: { ':one': { N: '1' } },
});

/** name → { description, table it works on, next(records) → [operation, payload] }. */
export const WORKLOADS = {
  A: {
    description: '50% GetItem / 50% UpdateItem',
    table: ITEMS_TABLE,
    next: (records) => (Math.random() < 0.5 ? getItem(records) : updateItem(records)),
  },
  B: {
    description: '95% GetItem / 5% UpdateItem',
    table: ITEMS_TABLE,
    next: (records) => (Math.random() < 0.95 ? getItem(records) : updateItem(records)),
  },
  C: { description: 'GetItem', table: ITEMS_TABLE, next: getItem },
  D: {
    description: 'PutItem of new keys',
    table: ITEMS_TABLE,
    next: () => [
      'PutItem',
      {
        TableName: ITEMS_TABLE,
        Item: record(`new-${process.pid}-${Date.now()}-${(newKeys += 1)}`),
      },
    ],
  },
  E: {
    description: 'Query of one 10-item partition',
    table: PARTITIONS_TABLE,
    next: (records) => [
      'Query',
      {
        TableName: PARTITIONS_TABLE,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: {
          ':p': { S: `p${randomInt(Math.max(1, records / ITEMS_PER_PARTITION))}` },
        },
      },
    ],
  },
  F: {
    description: 'conditional UpdateItem with ADD',
    table: ITEMS_TABLE,
    next: (records) => ['UpdateItem', addUpdate(records)],
  },
  T: {
    description: 'TransactWriteItems of 2 items',
    table: ITEMS_TABLE,
    next: (records) => {
      // Two distinct items: one transaction may not touch an item twice.
      const first = randomInt(records);
      const second = (first + 1 + randomInt(records - 1)) % records;
      const updates = [addUpdate(records, first), addUpdate(records, second)];
      return ['TransactWriteItems', { TransactItems: updates.map((Update) => ({ Update })) }];
    },
  },
};
