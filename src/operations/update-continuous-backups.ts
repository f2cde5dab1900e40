// UpdateContinuousBackups: turns point-in-time recovery on (with a recovery period) or off.

import { putTable } from '../core/catalog.js';
import {
  continuousBackupsDescription,
  DEFAULT_RECOVERY_PERIOD_IN_DAYS,
  requireBackupTable,
} from '../core/continuous-backups.js';
import type { PointInTimeRecoverySetting } from '../core/table-definition.js';
import type { Operation } from './operation.js';

interface PointInTimeRecoverySpecification {
  readonly PointInTimeRecoveryEnabled: boolean;
  readonly RecoveryPeriodInDays?: number;
}

export const updateContinuousBackups: Operation = {
  name: 'UpdateContinuousBackups',
  async execute(request, context) {
    const spec = request.PointInTimeRecoverySpecification as PointInTimeRecoverySpecification;
    const nowMs = context.now();
    const table = await context.store.write(async (tx) => {
      const current = await requireBackupTable(tx, request.TableName as string);
      let pointInTimeRecovery: PointInTimeRecoverySetting | undefined;
      if (spec.PointInTimeRecoveryEnabled) {
        pointInTimeRecovery = {
          // Re-enabling (e.g. to change the period) keeps the window that has already been recorded.
          enabledTime: current.pointInTimeRecovery?.enabledTime ?? nowMs,
          recoveryPeriodInDays: spec.RecoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_IN_DAYS,
        };
      }
      const updated = { ...current, pointInTimeRecovery };
      putTable(tx, updated);
      return updated;
    });
    return { ContinuousBackupsDescription: continuousBackupsDescription(table, nowMs) };
  },
};
