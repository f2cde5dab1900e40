// UpdateTable: billing mode, throughput, stream, class, protection and on-demand/warm settings.

import { putTable, requireTable, tableNotFoundMessage } from '../core/catalog.js';
import { tableDescription, tableStats } from '../core/table-description.js';
import {
  checkStreamSpecification,
  checkThroughputBounds,
  INVALID,
} from '../core/table-settings.js';
import { applyUpdate, type UpdateTableRequest } from '../core/table-update.js';
import { resourceNotFound, validationError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

/** Members that make an UpdateTable request do something. */
const UPDATE_MEMBERS = [
  'ProvisionedThroughput',
  'BillingMode',
  'StreamSpecification',
  'SSESpecification',
  'ReplicaUpdates',
  'TableClass',
  'DeletionProtectionEnabled',
  'OnDemandThroughput',
  'WarmThroughput',
  'MultiRegionConsistency',
  'GlobalTableWitnessUpdates',
] as const;

/** Checks that need no table, in DynamoDB's order (dynalite's validations/updateTable.js). */
function checkRequest(request: UpdateTableRequest): void {
  const gsiUpdates = request.GlobalSecondaryIndexUpdates ?? [];
  if (gsiUpdates.length === 0 && UPDATE_MEMBERS.every((m) => request[m] === undefined)) {
    throw validationError(
      'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required',
    );
  }
  if (request.BillingMode === 'PROVISIONED' && request.ProvisionedThroughput === undefined) {
    throw validationError(
      INVALID + 'ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
    );
  }
  if (request.ProvisionedThroughput !== undefined)
    checkThroughputBounds(request.ProvisionedThroughput);
  if (request.StreamSpecification !== undefined)
    checkStreamSpecification(request.StreamSpecification);
}

/**
 * The table has no secondary indexes yet (a later issue), so every index named in an Update or
 * Delete does not exist; Create is refused rather than silently ignored.
 */
function checkIndexUpdates(request: UpdateTableRequest): void {
  for (const update of request.GlobalSecondaryIndexUpdates ?? []) {
    if (update.Create !== undefined) {
      throw validationError(
        `${INVALID}GlobalSecondaryIndexUpdates Create is not supported by this server yet`,
      );
    }
    if (update.Update !== undefined || update.Delete !== undefined) throw resourceNotFound();
  }
  if (request.ReplicaUpdates !== undefined) {
    throw validationError(`${INVALID}ReplicaUpdates are not supported by this server yet`);
  }
}

export const updateTable: Operation = {
  name: 'UpdateTable',
  async execute(body, context) {
    const request = body as unknown as UpdateTableRequest;
    checkRequest(request);
    const nowMs = context.now();
    const update = await context.store.write(async (tx) => {
      const table = await requireTable(
        tx,
        request.TableName,
        tableNotFoundMessage(request.TableName),
      );
      checkIndexUpdates(request);
      const update = applyUpdate(table, request, context.config, nowMs);
      putTable(tx, update.updated);
      return update;
    });
    // Counted outside the write, so the update never conflicts with concurrent item writes.
    const stats = await context.store.read((tx) => tableStats(tx, update.updated.tableNumber));
    // The change is applied at once; the answer shows the transition as DynamoDB does.
    return {
      TableDescription: tableDescription(update.shown, context.config, {
        status: update.transitioning ? 'UPDATING' : 'ACTIVE',
        stats,
      }),
    };
  },
};
