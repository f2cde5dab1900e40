// UpdateTimeToLive: enables or disables TTL on a table, with DynamoDB's state rules.

import { putTable, requireTable } from '../core/catalog.js';
import type { TableDefinition } from '../core/table-definition.js';
import { checkAttributeNameBytes } from '../core/table-schema-validation.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

interface TimeToLiveSpecification {
  readonly Enabled: boolean;
  readonly AttributeName: string;
}

/** DynamoDB's checks, against the table's current setting (verified on DynamoDB Local). */
function checkChange(table: TableDefinition, spec: TimeToLiveSpecification): void {
  const ttl = table.ttl;
  if (ttl !== undefined && ttl.status !== 'ENABLED') {
    // DynamoDB allows one change at a time: the next waits until ENABLING/DISABLING has finished.
    throw validationError('Time to live has been modified multiple times within a fixed interval');
  }
  if (ttl === undefined) {
    if (!spec.Enabled) throw validationError('TimeToLive is already disabled');
    return;
  }
  if (ttl.attributeName !== spec.AttributeName) {
    throw validationError('TimeToLive is active on a different AttributeName');
  }
  if (spec.Enabled) throw validationError('TimeToLive is already enabled');
}

export const updateTimeToLive: Operation = {
  name: 'UpdateTimeToLive',
  async execute(request, context) {
    const spec = request.TimeToLiveSpecification as TimeToLiveSpecification;
    checkAttributeNameBytes([spec.AttributeName]);
    await context.store.write(async (tx) => {
      const table = await requireTable(tx, request.TableName as string);
      checkChange(table, spec);
      // The TTL job (src/core/ttl-sweeper.ts) indexes existing items, then makes it ENABLED.
      const ttl = {
        attributeName: spec.AttributeName,
        status: spec.Enabled ? 'ENABLING' : 'DISABLING',
      } as const;
      putTable(tx, { ...table, ttl });
    });
    return {
      TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: spec.AttributeName },
    };
  },
};
