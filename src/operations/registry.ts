// Routes a decoded request to its operation: unknown name → validate shape → execute.

import { DynamoDbError } from '../errors/dynamodb-error.js';
import { validateRequest } from '../shapes/validate-request.js';
import { OPERATIONS } from './index.js';
import { lazyOperation, type LazyOperation } from './lazy-operation.js';
import type { OperationContext, OperationResult } from './operation.js';

/** The two APIs served on one port, told apart by the X-Amz-Target prefix. */
export type Service = 'DynamoDB' | 'DynamoDBStreams';

/** The DynamoDB Streams API, served on the same port. */
const STREAMS_OPERATIONS: ReadonlyMap<string, LazyOperation> = new Map(
  [
    lazyOperation(
      'ListStreams',
      async () => (await import('./streams/list-streams.js')).listStreams,
    ),
    lazyOperation(
      'DescribeStream',
      async () => (await import('./streams/describe-stream.js')).describeStream,
    ),
    lazyOperation(
      'GetShardIterator',
      async () => (await import('./streams/get-shard-iterator.js')).getShardIterator,
    ),
    lazyOperation('GetRecords', async () => (await import('./streams/get-records.js')).getRecords),
  ].map((op) => [op.name, op]),
);

const SERVICES: Readonly<Record<Service, ReadonlyMap<string, LazyOperation>>> = {
  DynamoDB: OPERATIONS,
  DynamoDBStreams: STREAMS_OPERATIONS,
};

/** DynamoDB's answer for a target it does not serve: 400, Coral's namespace and no message. */
export function unknownOperation(): DynamoDbError {
  return new DynamoDbError('UnknownOperationException', '');
}

/** Looks up an operation without running it (the protocol layer checks targets before auth). */
export function findOperation(service: Service, operationName: string): LazyOperation | undefined {
  return SERVICES[service].get(operationName);
}

/** Validates `body` against the operation's generated shape, then runs the operation. */
export async function dispatch(
  service: Service,
  operationName: string,
  body: Record<string, unknown>,
  context: OperationContext,
): Promise<OperationResult> {
  const lazy = findOperation(service, operationName);
  if (lazy === undefined) throw unknownOperation();
  validateRequest(service, operationName, body);
  const loaded = lazy.load();
  // Once loaded, skip the await: the hot path should not pay a microtask for the lookup.
  const operation = loaded instanceof Promise ? await loaded : loaded;
  return operation.execute(body, context);
}
