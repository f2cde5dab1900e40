// TagResource, UntagResource and ListTagsOfResource (DynamoDB Local has no tagging API).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from '@aws-sdk/client-dynamodb';
import {
  dynamoDbLocalDeviates,
  startTarget,
  type TestTarget,
  uniqueTableName,
} from '../helpers/server.js';
import { rawRequest } from '../helpers/raw-request.js';

const NO_TAGGING = dynamoDbLocalDeviates('no tagging API');

let target: TestTarget;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target.close();
});

async function createTable(tags?: Tag[]): Promise<string> {
  const answer = await target.client.send(
    new CreateTableCommand({
      TableName: uniqueTableName('tags'),
      AttributeDefinitions: [{ AttributeName: 'a', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'a', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      Tags: tags,
    }),
  );
  return answer.TableDescription!.TableArn!;
}

async function listTags(arn: string, nextToken?: string) {
  return target.client.send(
    new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: nextToken }),
  );
}

async function allTags(arn: string): Promise<Tag[]> {
  const tags: Tag[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listTags(arn, nextToken);
    tags.push(...(page.Tags ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return tags;
}

async function expectError(promise: Promise<unknown>, name: string, message?: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}

describe('tags', () => {
  test('tags from CreateTable are listed', NO_TAGGING, async () => {
    const arn = await createTable([
      { Key: 'team', Value: 'storage' },
      { Key: 'empty', Value: '' },
    ]);
    assert.deepEqual((await listTags(arn)).Tags, [
      { Key: 'team', Value: 'storage' },
      { Key: 'empty', Value: '' },
    ]);
  });

  test('TagResource adds and overwrites; UntagResource removes', NO_TAGGING, async () => {
    const arn = await createTable([{ Key: 'a', Value: '1' }]);
    await target.client.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'a', Value: '2' },
          { Key: 'b', Value: '3' },
        ],
      }),
    );
    assert.deepEqual(await allTags(arn), [
      { Key: 'a', Value: '2' },
      { Key: 'b', Value: '3' },
    ]);
    await target.client.send(
      new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'unknown'] }),
    );
    assert.deepEqual(await allTags(arn), [{ Key: 'b', Value: '3' }]);
  });

  test('ListTagsOfResource pages with NextToken', NO_TAGGING, async () => {
    const tags = Array.from({ length: 23 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    const arn = await createTable(tags);
    const first = await listTags(arn);
    assert.ok(first.NextToken !== undefined);
    assert.ok(first.Tags!.length < tags.length);
    assert.deepEqual(await allTags(arn), tags);
  });

  test('at most 50 tags per table', NO_TAGGING, async () => {
    const arn = await createTable(
      Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' })),
    );
    await expectError(
      target.client.send(
        new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'one-more', Value: '' }] }),
      ),
      'LimitExceededException',
    );
    await target.client.send(
      new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k0', Value: 'new' }] }),
    );
    assert.equal((await allTags(arn)).length, 50);
  });

  test('tag rules', NO_TAGGING, async () => {
    const arn = await createTable();
    const tag = (tags: Tag[]) =>
      target.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
    await expectError(
      tag([{ Key: 'aws:name', Value: 'x' }]),
      'ValidationException',
      "User-defined tag keys can not start with reserved prefix 'aws:'",
    );
    await expectError(tag([{ Key: 'bad*key', Value: 'x' }]), 'ValidationException');
    await expectError(
      tag([
        { Key: 'k', Value: '1' },
        { Key: 'k', Value: '2' },
      ]),
      'ValidationException',
    );
    await expectError(
      tag([]),
      'ValidationException',
      'Atleast one Tag needs to be provided as Input.',
    );
    await expectError(
      target.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: [] })),
      'ValidationException',
      'Atleast one Tag Key needs to be provided as Input.',
    );
    await tag([{ Key: 'Name with spaces_.:/=+-@', Value: 'Ünïcödé 1' }]);
  });

  test('ARN errors', NO_TAGGING, async () => {
    const arn = await createTable();
    await expectError(listTags('not-an-arn'), 'AccessDeniedException');
    await expectError(
      listTags('arn:aws:s3:us-east-1:000000000000:bucket/x'),
      'ValidationException',
      'Invalid TableArn: Invalid ResourceArn provided as input arn:aws:s3:us-east-1:000000000000:bucket/x',
    );
    await expectError(
      listTags(arn.replace(/table\/.*/, `table/${uniqueTableName('missing')}`)),
      'AccessDeniedException',
    );
    await expectError(
      listTags(arn.replace(/:dynamodb:[^:]+:/, ':dynamodb:eu-north-1:')),
      'AccessDeniedException',
    );
    await expectError(
      target.client.send(
        new TagResourceCommand({ ResourceArn: `${arn}-gone`, Tags: [{ Key: 'k', Value: 'v' }] }),
      ),
      'AccessDeniedException',
    );
  });

  test("missing members, in DynamoDB's order", NO_TAGGING, async () => {
    const arn = await createTable();
    const answers = await Promise.all([
      rawRequest(target.endpoint, 'ListTagsOfResource', {}),
      rawRequest(target.endpoint, 'TagResource', { Tags: [] }),
      rawRequest(target.endpoint, 'TagResource', { ResourceArn: 'nope' }),
      rawRequest(target.endpoint, 'TagResource', { ResourceArn: arn }),
      rawRequest(target.endpoint, 'UntagResource', { ResourceArn: arn }),
      rawRequest(target.endpoint, 'TagResource', { ResourceArn: 'a:b:c:d:e:f/g' }),
    ]);
    const summary = answers.map((answer) => [answer.status, answer.body?.__type?.split('#')[1]]);
    assert.deepEqual(summary, [
      [400, 'ValidationException'],
      [400, 'ValidationException'],
      [400, 'AccessDeniedException'],
      [400, 'ValidationException'],
      [400, 'ValidationException'],
      [400, 'ValidationException'],
    ]);
    assert.equal(answers[0].body.message, 'Invalid TableArn');
    assert.equal(answers[1].body.message, 'Invalid TableArn');
    const nullMember = (name: string) =>
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: ` +
      'Member must not be null';
    assert.equal(answers[3].body.message, nullMember('tags'));
    assert.equal(answers[4].body.message, nullMember('tagKeys'));
    assert.equal(answers[5].body.message, nullMember('tags'));
  });

  test(
    'tags survive other table changes and DescribeTable does not show them',
    NO_TAGGING,
    async () => {
      const arn = await createTable([{ Key: 'k', Value: 'v' }]);
      const { Table } = await target.client.send(new DescribeTableCommand({ TableName: arn }));
      assert.equal((Table as Record<string, unknown>).Tags, undefined);
      assert.deepEqual(await allTags(arn), [{ Key: 'k', Value: 'v' }]);
    },
  );
});
