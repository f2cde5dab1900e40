// DescribeTimeToLive: a table's TTL status and attribute.

import { requireTable } from '../core/catalog.js';
import type { Operation } from './operation.js';

export const describeTimeToLive: Operation = {
  name: 'DescribeTimeToLive',
  async execute(request, context) {
    const table = await context.store.read((tx) => requireTable(tx, request.TableName as string));
    const ttl = table.ttl;
    // A table whose TTL was never enabled (or is disabled) is described without an attribute name.
    return {
      TimeToLiveDescription:
        ttl === undefined
          ? { TimeToLiveStatus: 'DISABLED' }
          : { TimeToLiveStatus: ttl.status, AttributeName: ttl.attributeName },
    };
  },
};
