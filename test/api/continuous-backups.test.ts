// DescribeContinuousBackups and UpdateContinuousBackups: point-in-time recovery settings
// (DynamoDB Local has no backup API at all: it answers UnknownOperationException).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  UpdateContinuousBackupsCommand,
  type PointInTimeRecoverySpecification,
} from '@aws-sdk/client-dynamodb';
import { rawRequest } from '../helpers/raw-request.js';
import {
  dynamoDbLocalDeviates,
  startTarget,
  type TestTarget,
  uniqueTableName,
} from '../helpers/server.js';
import { createKeyedTable } from '../helpers/tables.js';

const NO_BACKUPS = dynamoDbLocalDeviates('no continuous backups API');

let target: TestTarget;
before(async () => {
  target = await startTarget();
});
after(async () => {
  await target.close();
});

async function createTable(): Promise<string> {
  const name = uniqueTableName('pitr');
  await createKeyedTable(target.client, name, ['pk', 'S']);
  return name;
}

async function describePitr(TableName: string) {
  const answer = await target.client.send(new DescribeContinuousBackupsCommand({ TableName }));
  return answer.ContinuousBackupsDescription;
}

async function updatePitr(TableName: string, spec: PointInTimeRecoverySpecification) {
  const answer = await target.client.send(
    new UpdateContinuousBackupsCommand({ TableName, PointInTimeRecoverySpecification: spec }),
  );
  return answer.ContinuousBackupsDescription;
}

async function expectError(promise: Promise<unknown>, name: string, message: string) {
  await assert.rejects(promise, (error: Error) => {
    assert.equal(error.name, name);
    assert.equal(error.message, message);
    return true;
  });
}

describe('point-in-time recovery settings', () => {
  test(
    'a new table has continuous backups but not point-in-time recovery',
    NO_BACKUPS,
    async () => {
      const table = await createTable();
      assert.deepEqual(await describePitr(table), {
        ContinuousBackupsStatus: 'ENABLED',
        PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
      });
    },
  );

  test('enabling answers the recovery window, 35 days unless given', NO_BACKUPS, async () => {
    const table = await createTable();
    const before = Date.now();
    const enabled = await updatePitr(table, { PointInTimeRecoveryEnabled: true });
    assert.equal(enabled?.ContinuousBackupsStatus, 'ENABLED');
    const pitr = enabled?.PointInTimeRecoveryDescription;
    assert.equal(pitr?.PointInTimeRecoveryStatus, 'ENABLED');
    assert.equal(pitr?.RecoveryPeriodInDays, 35);
    const earliest = pitr?.EarliestRestorableDateTime?.getTime() ?? 0;
    const latest = pitr?.LatestRestorableDateTime?.getTime() ?? 0;
    assert.ok(earliest >= before - 1000 && earliest <= latest, `${earliest} ${latest}`);

    const described = (await describePitr(table))?.PointInTimeRecoveryDescription;
    assert.equal(described?.EarliestRestorableDateTime?.getTime(), earliest);

    const shorter = await updatePitr(table, {
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: 7,
    });
    assert.equal(shorter?.PointInTimeRecoveryDescription?.RecoveryPeriodInDays, 7);
    // Changing the period does not restart the window already recorded.
    assert.equal(
      shorter?.PointInTimeRecoveryDescription?.EarliestRestorableDateTime?.getTime(),
      earliest,
    );
  });

  test('disabling drops the window; a table ARN names the table', NO_BACKUPS, async () => {
    const table = await createTable();
    await updatePitr(table, { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 1 });
    const described = await target.client.send(new DescribeTableCommand({ TableName: table }));
    const arn = described.Table!.TableArn!;
    const disabled = await updatePitr(arn, { PointInTimeRecoveryEnabled: false });
    const off = {
      ContinuousBackupsStatus: 'ENABLED',
      PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: 'DISABLED' },
    };
    assert.deepEqual(disabled, off);
    assert.deepEqual(await describePitr(arn), off);
  });

  test('a missing table is TableNotFoundException naming it', NO_BACKUPS, async () => {
    const missing = uniqueTableName('pitr-missing');
    await expectError(
      describePitr(missing),
      'TableNotFoundException',
      `Table not found: ${missing}`,
    );
    await expectError(
      updatePitr(missing, { PointInTimeRecoveryEnabled: true }),
      'TableNotFoundException',
      `Table not found: ${missing}`,
    );
  });

  test('constraint violations are reported before the table lookup', NO_BACKUPS, async () => {
    const missing = uniqueTableName('pitr-missing');
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        {},
        "2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null; Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null",
      ],
      [
        { TableName: missing, PointInTimeRecoverySpecification: {} },
        "1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' failed to satisfy constraint: Member must not be null",
      ],
      [
        {
          TableName: missing,
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
            RecoveryPeriodInDays: 36,
          },
        },
        "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 35",
      ],
    ];
    for (const [body, message] of cases) {
      const answer = await rawRequest(target.endpoint, 'UpdateContinuousBackups', body);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.__type, 'com.amazon.coral.validate#ValidationException');
      assert.equal(answer.body.message, message);
    }
  });
});
