// DescribeContinuousBackups: a table's continuous-backup and point-in-time recovery status.

import { continuousBackupsDescription, requireBackupTable } from '../core/continuous-backups.js';
import type { Operation } from './operation.js';

export const describeContinuousBackups: Operation = {
  name: 'DescribeContinuousBackups',
  async execute(request, context) {
    const table = await context.store.read((tx) =>
      requireBackupTable(tx, request.TableName as string),
    );
    return { ContinuousBackupsDescription: continuousBackupsDescription(table, context.now()) };
  },
};
