// TransactWriteItems: up to 100 Put/Update/Delete/ConditionCheck actions across tables, all or none,
// in one storage transaction; idempotent for 10 minutes under a ClientRequestToken.

import { consumedCapacity, wantsCapacity, type CapacityTally } from '../core/capacity.js';
import {
  findIdempotentResult,
  recordIdempotentResult,
  requestFingerprint,
  type IdempotentResult,
} from '../core/idempotency.js';
import { batchItemCollectionMetrics } from '../core/item-collections.js';
import { executeTransactWrite, planTransactWrite } from '../core/transactions.js';
import type { Operation } from './operation.js';

interface TransactWriteResult extends IdempotentResult {
  /** Absent for a retried token: DynamoDB Local 3.3 then answers with the table units alone. */
  readonly capacity?: CapacityTally;
  readonly metrics?: Record<string, unknown[]>;
}

export const transactWriteItems: Operation = {
  name: 'TransactWriteItems',
  async execute(request, context) {
    const transactItems = request.TransactItems as Array<Record<string, unknown>>;
    const actions = planTransactWrite(transactItems);
    const token = request.ClientRequestToken as string | undefined;
    const fingerprint = token === undefined ? '' : requestFingerprint(transactItems);
    const result: TransactWriteResult = await context.store.write(async (tx) => {
      const nowMs = context.now();
      if (token !== undefined) {
        const earlier = await findIdempotentResult(tx, token, fingerprint, nowMs);
        if (earlier !== undefined) return earlier;
      }
      const outcome = await executeTransactWrite(tx, actions, nowMs);
      const unitsByTable = [...outcome.unitsByTable];
      if (token !== undefined) {
        await recordIdempotentResult(tx, token, fingerprint, nowMs, { unitsByTable });
      }
      // ItemCollectionMetrics per table with LSIs, one entry per write (DynamoDB; never Local).
      const metrics =
        request.ReturnItemCollectionMetrics === 'SIZE'
          ? await batchItemCollectionMetrics(tx, outcome.writes)
          : undefined;
      return { unitsByTable, capacity: outcome.capacity, metrics };
    });
    const response: Record<string, unknown> = {};
    const mode = request.ReturnConsumedCapacity;
    if (wantsCapacity(mode)) {
      response.ConsumedCapacity =
        result.capacity?.toWire(mode) ??
        result.unitsByTable.map(([table, units]) => consumedCapacity(mode, table, units));
    }
    if (result.metrics !== undefined && Object.keys(result.metrics).length > 0) {
      response.ItemCollectionMetrics = result.metrics;
    }
    return response;
  },
};
