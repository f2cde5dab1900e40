// DescribeLimits: DynamoDB's default per-account and per-table capacity quotas.

import type { Operation } from './operation.js';

/** DynamoDB's default quotas (capacity limits are not enforced by this server). */
const DEFAULT_LIMITS = {
  AccountMaxReadCapacityUnits: 80000,
  AccountMaxWriteCapacityUnits: 80000,
  TableMaxReadCapacityUnits: 40000,
  TableMaxWriteCapacityUnits: 40000,
} as const;

export const describeLimits: Operation = {
  name: 'DescribeLimits',
  execute() {
    return Promise.resolve({ ...DEFAULT_LIMITS });
  },
};
