// TransactWriteItems: up to 100 Put/Update/Delete/ConditionCheck actions across tables, all or none,
// in one storage transaction; idempotent for 10 minutes under a ClientRequestToken.

import { consumedCapacity, wantsCapacity } from '../core/capacity.js';
import {
  findIdempotentResult,
  recordIdempotentResult,
  requestFingerprint,
  type IdempotentResult,
} from '../core/idempotency.js';
import { executeTransactWrite, planTransactWrite } from '../core/transactions.js';
import type { Operation } from './operation.js';

export const transactWriteItems: Operation = {
  name: 'TransactWriteItems',
  async execute(request, context) {
    const transactItems = request.TransactItems as Array<Record<string, unknown>>;
    const actions = planTransactWrite(transactItems);
    const token = request.ClientRequestToken as string | undefined;
    const fingerprint = token === undefined ? '' : requestFingerprint(transactItems);
    const result: IdempotentResult = await context.store.write(async (tx) => {
      const nowMs = context.now();
      if (token !== undefined) {
        const earlier = await findIdempotentResult(tx, token, fingerprint, nowMs);
        if (earlier !== undefined) return earlier;
      }
      const unitsByTable = [...(await executeTransactWrite(tx, actions, nowMs))];
      if (token !== undefined) {
        await recordIdempotentResult(tx, token, fingerprint, nowMs, { unitsByTable });
      }
      return { unitsByTable };
    });
    const mode = request.ReturnConsumedCapacity;
    if (!wantsCapacity(mode)) return {};
    return {
      ConsumedCapacity: result.unitsByTable.map(([table, units]) =>
        consumedCapacity(mode, table, units),
      ),
    };
  },
};
