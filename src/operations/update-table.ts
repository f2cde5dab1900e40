// UpdateTable: billing mode, throughput, stream, class, protection and on-demand/warm settings.

import { putTable, requireTable, tableNotFoundMessage } from '../core/catalog.js';
import { checkGlobalIndexUpdates } from '../core/global-index-updates.js';
import { indexStats, tableDescription, tableStats } from '../core/table-description.js';
import {
  checkStreamSpecification,
  checkThroughputBounds,
  INVALID,
} from '../core/table-settings.js';
import { checkAttributeNameBytes } from '../core/table-schema-validation.js';
import { applyUpdate, type UpdateTableRequest } from '../core/table-update.js';
import { validationError } from '../errors/dynamodb-error.js';
import { nextSequenceValue } from '../storage/sequence.js';
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
  checkGlobalIndexUpdates(gsiUpdates);
  checkAttributeNameBytes((request.AttributeDefinitions ?? []).map((d) => d.AttributeName));
}

function checkReplicaUpdates(request: UpdateTableRequest): void {
  if (request.ReplicaUpdates !== undefined) {
    throw validationError(`${INVALID}ReplicaUpdates are not supported by this server yet`);
  }
}

function gsiUpdatesCreate(request: UpdateTableRequest): boolean {
  return (request.GlobalSecondaryIndexUpdates ?? []).some((u) => u.Create !== undefined);
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
      checkReplicaUpdates(request);
      const creates = gsiUpdatesCreate(request);
      const indexNumber = creates ? Number(await nextSequenceValue(tx, 'index-number')) : 0;
      const update = applyUpdate(table, request, context.config, nowMs, indexNumber);
      putTable(tx, update.updated);
      return update;
    });
    // Counted outside the write, so the update never conflicts with concurrent item writes.
    const [stats, statsByIndex] = await context.store.read(async (tx) => [
      await tableStats(tx, update.updated.tableNumber),
      await indexStats(tx, update.updated),
    ]);
    // The change is applied at once; the answer shows the transition as DynamoDB does.
    return {
      TableDescription: tableDescription(update.shown, context.config, {
        status: update.transitioning ? 'UPDATING' : 'ACTIVE',
        stats,
        indexStats: statsByIndex,
      }),
    };
  },
};
