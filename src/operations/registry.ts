// Routes a decoded request to its operation: unknown name → validate shape → execute.

import { DynamoDbError } from '../errors/dynamodb-error.js';
import { validateRequest } from '../shapes/validate-request.js';
import { OPERATIONS } from './index.js';
import type { Operation, OperationContext, OperationResult } from './operation.js';
import { describeStream } from './streams/describe-stream.js';
import { getRecords } from './streams/get-records.js';
import { getShardIterator } from './streams/get-shard-iterator.js';
import { listStreams } from './streams/list-streams.js';

/** The two APIs served on one port, told apart by the X-Amz-Target prefix. */
export type Service = 'DynamoDB' | 'DynamoDBStreams';

/** The DynamoDB Streams API, served on the same port. */
const STREAMS_OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  [listStreams, describeStream, getShardIterator, getRecords].map((op) => [op.name, op]),
);

const SERVICES: Readonly<Record<Service, ReadonlyMap<string, Operation>>> = {
  DynamoDB: OPERATIONS,
  DynamoDBStreams: STREAMS_OPERATIONS,
};

/** DynamoDB's answer for a target it does not serve: 400, Coral's namespace and no message. */
export function unknownOperation(): DynamoDbError {
  return new DynamoDbError('UnknownOperationException', '');
}

/** Looks up an operation without running it (the protocol layer checks targets before auth). */
export function findOperation(service: Service, operationName: string): Operation | undefined {
  return SERVICES[service].get(operationName);
}

/** Validates `body` against the operation's generated shape, then runs the operation. */
export async function dispatch(
  service: Service,
  operationName: string,
  body: Record<string, unknown>,
  context: OperationContext,
): Promise<OperationResult> {
  const operation = findOperation(service, operationName);
  if (operation === undefined) throw unknownOperation();
  validateRequest(service, operationName, body);
  return operation.execute(body, context);
}
