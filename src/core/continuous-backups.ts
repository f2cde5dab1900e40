// Point-in-time recovery settings: the table lookup and the description both PITR operations return.

import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { ReadTransaction } from '../storage/engine.js';
import { getTable } from './catalog.js';
import type { TableDefinition } from './table-definition.js';
import { epochSeconds } from './table-description.js';

/** DynamoDB's recovery period when UpdateContinuousBackups gives none (API Reference). */
export const DEFAULT_RECOVERY_PERIOD_IN_DAYS = 35;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The table, or the TableNotFoundException the backup operations answer for a missing table
 * (not the ResourceNotFoundException of the table and item operations).
 */
export async function requireBackupTable(
  tx: ReadTransaction,
  tableNameOrArn: string,
): Promise<TableDefinition> {
  const table = await getTable(tx, tableNameOrArn);
  if (table === undefined) {
    throw new DynamoDbError('TableNotFoundException', `Table not found: ${tableNameOrArn}`);
  }
  return table;
}

/**
 * The ContinuousBackupsDescription of `table` at `nowMs`. Continuous backups are always ENABLED
 * (as in DynamoDB, for every table); point-in-time recovery only when turned on. The restorable
 * window starts when PITR was enabled, at most the recovery period ago, and ends now: every change
 * is in the change log the moment it commits, so nothing lags behind as DynamoDB's 5 minutes do.
 */
export function continuousBackupsDescription(
  table: TableDefinition,
  nowMs: number,
): Record<string, unknown> {
  const pitr = table.pointInTimeRecovery;
  const PointInTimeRecoveryDescription =
    pitr === undefined
      ? { PointInTimeRecoveryStatus: 'DISABLED' }
      : {
          PointInTimeRecoveryStatus: 'ENABLED',
          RecoveryPeriodInDays: pitr.recoveryPeriodInDays,
          EarliestRestorableDateTime: epochSeconds(
            Math.max(pitr.enabledTime, nowMs - pitr.recoveryPeriodInDays * DAY_MS),
          ),
          LatestRestorableDateTime: epochSeconds(nowMs),
        };
  return { ContinuousBackupsStatus: 'ENABLED', PointInTimeRecoveryDescription };
}
