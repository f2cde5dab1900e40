#!/usr/bin/env node
// Re-records src/expressions/expression-corpus.json: DynamoDB Local's answer to every case line.
//
//   DYNAMODB_ENDPOINT=http://127.0.0.1:8001 node scripts/expression-corpus/record.mjs \
//     scripts/expression-corpus/cases-manual.txt scripts/expression-corpus/cases-gen.txt \
//     > src/expressions/expression-corpus.json
//
// A case line is `KIND|expression|names-json|values-json`: F filter (does the fixed item match?),
// C filter that must only compile, U update (the item after it), K key condition, P projection.
// Cases DynamoDB is known to answer differently are then edited by hand, see corpus.test.ts.

import { readFileSync } from 'node:fs';

const endpoint = process.env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:8001';

async function call(operation, body) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `DynamoDB_20120810.${operation}`,
      Authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDTESTTEST/20250101/us-east-1/dynamodb/aws4_request, ' +
        'SignedHeaders=host, Signature=00',
      'X-Amz-Date': '20250101T000000Z',
    },
    body: JSON.stringify(body),
  });
  return [response.status, await response.text()];
}

const suffix = Date.now().toString(36);
const FILTER_TABLE = `corpus-f-${suffix}`;
const KEY_TABLE = `corpus-k-${suffix}`;
const ITEM = {
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

await call('CreateTable', {
  TableName: FILTER_TABLE,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  BillingMode: 'PAY_PER_REQUEST',
});
await call('CreateTable', {
  TableName: KEY_TABLE,
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
});
await call('PutItem', { TableName: FILTER_TABLE, Item: ITEM });

const lines = process.argv
  .slice(2)
  .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
  .filter((line) => line && !line.startsWith('//'));
const cases = [];
let updateNumber = 0;
for (const line of lines) {
  const [kind, expr, names, values] = line.split('|');
  const body = { TableName: kind === 'K' ? KEY_TABLE : FILTER_TABLE };
  if (names) body.ExpressionAttributeNames = JSON.parse(names);
  if (values) body.ExpressionAttributeValues = JSON.parse(values);
  let operation;
  if (kind === 'F' || kind === 'C') [operation, body.FilterExpression] = ['Scan', expr];
  if (kind === 'K') [operation, body.KeyConditionExpression] = ['Query', expr];
  if (kind === 'P')
    [operation, body.Key, body.ProjectionExpression] = ['GetItem', { pk: { S: 'a' } }, expr];
  if (kind === 'U') {
    const key = `u${updateNumber++}`;
    await call('PutItem', { TableName: FILTER_TABLE, Item: { ...ITEM, pk: { S: key } } });
    Object.assign(body, {
      Key: { pk: { S: key } },
      UpdateExpression: expr,
      ReturnValues: 'ALL_NEW',
    });
    operation = 'UpdateItem';
  }
  const [status, text] = await call(operation, body);
  const answer = JSON.parse(text);
  const record = { kind, expr };
  if (names) record.names = JSON.parse(names);
  if (values) record.values = JSON.parse(values);
  if (status !== 200) record.error = answer.message ?? answer.Message;
  else if (kind === 'F') record.matches = answer.Count === 1;
  else if (kind === 'U') {
    delete answer.Attributes.pk;
    record.item = answer.Attributes;
    await call('DeleteItem', { TableName: FILTER_TABLE, Key: body.Key });
  } else if (kind === 'P') record.item = answer.Item ?? {};
  else record.ok = true;
  cases.push(record);
}
await call('DeleteTable', { TableName: FILTER_TABLE });
await call('DeleteTable', { TableName: KEY_TABLE });
console.log(JSON.stringify(cases, null, 0).replace(/\},\{"kind"/g, '},\n{"kind"'));
