// CreateTable. SCAFFOLD: replaced by the real operation in this session.

import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

export const createTable: Operation = {
  name: 'CreateTable',
  async execute() {
    throw new DynamoDbError('InternalServerError', 'Internal server error');
  },
};
