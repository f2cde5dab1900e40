// Query and Scan page by page (Limit 1..7, the 1 MB page limit, SDK paginators), compared with unpaginated reads.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteTableCommand,
  QueryCommand,
  ScanCommand,
  paginateQuery,
  paginateScan,
  type AttributeValue,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { createKeyedTable, putAll } from '../helpers/tables.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  uniqueTableName,
  type TestTarget,
} from '../helpers/server.js';

type Item = Record<string, AttributeValue>;

let target: TestTarget;
const smallTable = uniqueTableName('pages-small');
const bigTable = uniqueTableName('pages-big');
const SMALL_ITEMS = 40;
/** 40 items of ~80 KB: over 3 MB in one partition (and one table). */
const BIG_ITEMS = 40;
const BIG_ITEM_BYTES = 80_000;
const MB = 1024 * 1024;

type Page = QueryCommandOutput | ScanCommandOutput;

/** Follows LastEvaluatedKey to the end; returns every page. */
async function walk(read: (startKey: Item | undefined) => Promise<Page>): Promise<Page[]> {
  const pages: Page[] = [];
  let startKey: Item | undefined;
  do {
    const page = await read(startKey);
    pages.push(page);
    startKey = page.LastEvaluatedKey;
    assert.ok(pages.length < 1000, 'pagination does not end');
  } while (startKey !== undefined);
  return pages;
}

const ids = (items: Item[]): string[] => items.map((item) => `${item.pk?.S}/${item.sk?.N}`);
const itemsOf = (pages: Page[]): Item[] => pages.flatMap((page) => page.Items ?? []);

function queryPage(input: Omit<QueryCommandInput, 'TableName'>, table: string) {
  return target.client.send(new QueryCommand({ TableName: table, ...input }));
}

function scanPage(input: Omit<ScanCommandInput, 'TableName'>, table: string) {
  return target.client.send(new ScanCommand({ TableName: table, ...input }));
}

before(async () => {
  target = await startTarget();
  await createKeyedTable(target.client, smallTable, ['pk', 'S'], ['sk', 'N']);
  await createKeyedTable(target.client, bigTable, ['pk', 'S'], ['sk', 'N']);
  await putAll(
    target.client,
    smallTable,
    Array.from({ length: SMALL_ITEMS }, (_, i) => ({
      pk: { S: `p${i % 3}` },
      sk: { N: String(i) },
      odd: { BOOL: i % 2 === 1 },
    })),
    10,
  );
  await putAll(
    target.client,
    bigTable,
    Array.from({ length: BIG_ITEMS }, (_, i) => ({
      pk: { S: 'big' },
      sk: { N: String(i) },
      data: { S: String(i % 10).repeat(BIG_ITEM_BYTES) },
    })),
    10,
  );
});

after(async () => {
  for (const TableName of [smallTable, bigTable]) {
    await target.client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  }
  await target.close();
});

describe('Limit 1..7', () => {
  const partition = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'p1' } },
  };

  test('Query pages in both directions equal the unpaginated read', async () => {
    for (const forward of [true, false]) {
      const whole = await queryPage({ ...partition, ScanIndexForward: forward }, smallTable);
      assert.equal(whole.LastEvaluatedKey, undefined);
      for (let limit = 1; limit <= 7; limit++) {
        const pages = await walk((ExclusiveStartKey) =>
          queryPage(
            { ...partition, ScanIndexForward: forward, Limit: limit, ExclusiveStartKey },
            smallTable,
          ),
        );
        assert.deepEqual(
          ids(itemsOf(pages)),
          ids(whole.Items!),
          `Limit ${limit} forward=${forward}`,
        );
        for (const page of pages.slice(0, -1)) assert.equal(page.Count, limit);
        // A page that reached Limit always has a LastEvaluatedKey: the walk ends on a short page.
        assert.ok(pages.at(-1)!.Count! < limit);
      }
    }
  });

  test('Query with a filter: pages may come back empty, the walk still covers everything', async () => {
    const filter = {
      ...partition,
      FilterExpression: 'odd = :t',
      ExpressionAttributeValues: { ':p': { S: 'p1' }, ':t': { BOOL: true } },
    };
    for (const forward of [true, false]) {
      const whole = await queryPage({ ...filter, ScanIndexForward: forward }, smallTable);
      for (const limit of [1, 2, 5]) {
        const pages = await walk((ExclusiveStartKey) =>
          queryPage(
            { ...filter, ScanIndexForward: forward, Limit: limit, ExclusiveStartKey },
            smallTable,
          ),
        );
        assert.deepEqual(ids(itemsOf(pages)), ids(whole.Items!));
        const scanned = pages.reduce((sum, page) => sum + page.ScannedCount!, 0);
        assert.equal(scanned, whole.ScannedCount);
      }
    }
  });

  test('Scan pages equal the unpaginated read', async () => {
    const whole = await scanPage({}, smallTable);
    assert.equal(whole.Count, SMALL_ITEMS);
    for (let limit = 1; limit <= 7; limit++) {
      const pages = await walk((ExclusiveStartKey) =>
        scanPage({ Limit: limit, ExclusiveStartKey }, smallTable),
      );
      assert.deepEqual(ids(itemsOf(pages)), ids(whole.Items!), `Limit ${limit}`);
    }
  });

  test('the SDK paginators walk the same items', async () => {
    const wholeQuery = await queryPage({ ...partition, ScanIndexForward: false }, smallTable);
    const queried: Item[] = [];
    const queryPages = paginateQuery(
      { client: target.client, pageSize: 3 },
      { TableName: smallTable, ...partition, ScanIndexForward: false },
    );
    for await (const page of queryPages) queried.push(...(page.Items ?? []));
    assert.deepEqual(ids(queried), ids(wholeQuery.Items!));

    const wholeScan = await scanPage({}, smallTable);
    const scanned: Item[] = [];
    for await (const page of paginateScan(
      { client: target.client, pageSize: 4 },
      { TableName: smallTable },
    )) {
      scanned.push(...(page.Items ?? []));
    }
    assert.deepEqual(ids(scanned), ids(wholeScan.Items!));
  });
});

describe('the 1 MB page limit over 3 MB of items', () => {
  const partition = {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': { S: 'big' } },
  };
  const ascending = Array.from({ length: BIG_ITEMS }, (_, i) => `big/${i}`);

  /** Pages stop once the items read reach 1 MB: the item crossing it is the page's last. */
  function checkPages(pages: Page[]): void {
    assert.ok(pages.length >= 3, `${pages.length} pages`);
    for (const page of pages.slice(0, -1)) {
      assert.ok(page.LastEvaluatedKey !== undefined);
      const readBytes = page.ScannedCount! * BIG_ITEM_BYTES;
      assert.ok(readBytes >= MB - BIG_ITEM_BYTES, `page read only ${readBytes} bytes`);
      assert.ok((page.ScannedCount! - 1) * BIG_ITEM_BYTES < MB, 'page read past 1 MB');
    }
  }

  test('Query pages forward and backward', async () => {
    for (const forward of [true, false]) {
      const pages = await walk((ExclusiveStartKey) =>
        queryPage({ ...partition, ScanIndexForward: forward, ExclusiveStartKey }, bigTable),
      );
      checkPages(pages);
      assert.deepEqual(ids(itemsOf(pages)), forward ? ascending : [...ascending].reverse());
    }
  });

  test(
    'the limit is measured before filtering and applies to COUNT',
    dynamoDbLocalDeviates('with a filter it reads the whole range into one page'),
    async () => {
      const pages = await walk((ExclusiveStartKey) =>
        queryPage(
          {
            ...partition,
            FilterExpression: 'begins_with(#d, :nine)',
            ExpressionAttributeNames: { '#d': 'data' },
            ExpressionAttributeValues: { ':p': { S: 'big' }, ':nine': { S: '9' } },
            Select: 'COUNT',
            ExclusiveStartKey,
          },
          bigTable,
        ),
      );
      checkPages(pages);
      assert.equal(
        pages.reduce((sum, page) => sum + page.Count!, 0),
        BIG_ITEMS / 10,
      );
      assert.equal(
        pages.reduce((sum, page) => sum + page.ScannedCount!, 0),
        BIG_ITEMS,
      );
    },
  );

  test('Scan pages, and Limit below the size limit still wins', async () => {
    const pages = await walk((ExclusiveStartKey) => scanPage({ ExclusiveStartKey }, bigTable));
    checkPages(pages);
    assert.deepEqual(ids(itemsOf(pages)), ascending);
    const limited = await scanPage({ Limit: 5 }, bigTable);
    assert.equal(limited.Count, 5);
  });

  test('capacity of a full page: its item sizes summed and rounded up once', async () => {
    const page = await queryPage(
      { ...partition, ReturnConsumedCapacity: 'TOTAL', ConsistentRead: true },
      bigTable,
    );
    const units = page.ConsumedCapacity!.CapacityUnits!;
    const minBytes = page.ScannedCount! * BIG_ITEM_BYTES;
    assert.ok(
      units >= Math.ceil(minBytes / 4096) &&
        units <= Math.ceil((minBytes + 100 * page.ScannedCount!) / 4096),
    );
  });
});
