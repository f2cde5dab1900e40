import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTableArn, tableArn, tableNameFromArnOrName } from './arn.js';

const config = { region: 'us-east-1', accountId: '123456789012' };

test('tableArn and parseTableArn round-trip', () => {
  const arn = tableArn(config, 'my.table-1');
  assert.equal(arn, 'arn:aws:dynamodb:us-east-1:123456789012:table/my.table-1');
  assert.deepEqual(parseTableArn(arn), {
    region: 'us-east-1',
    accountId: '123456789012',
    tableName: 'my.table-1',
  });
  assert.equal(parseTableArn(`${arn}/index/i`), undefined);
  assert.equal(parseTableArn('arn:aws:s3:::bucket'), undefined);
});

test('tableNameFromArnOrName resolves only this server’s ARNs', () => {
  assert.equal(tableNameFromArnOrName('plain', config), 'plain');
  assert.equal(tableNameFromArnOrName(tableArn(config, 't1'), config), 't1');
  assert.equal(
    tableNameFromArnOrName(tableArn({ ...config, region: 'eu-west-1' }, 't1'), config),
    undefined,
  );
  assert.equal(
    tableNameFromArnOrName(tableArn({ ...config, accountId: '000000000000' }, 't1'), config),
    undefined,
  );
  assert.equal(
    tableNameFromArnOrName('arn:aws:dynamodb:us-east-1:123456789012:table/', config),
    undefined,
  );
});
