// The only place a DynamoDbError becomes wire JSON: `{"__type": "<namespace>#<Type>", "message": …}`.

import { DynamoDbError } from '../errors/dynamodb-error.js';

export interface WireError {
  readonly status: number;
  readonly body: string;
}

/**
 * DynamoDB's error body: `__type` first, then the message under the type's own spelling (`message`
 * or `Message`), then extra fields (Item, CancellationReasons). Some Coral errors carry no message
 * at all (UnknownOperationException, SerializationException for malformed JSON): an empty message
 * is left out.
 */
export function formatError(error: DynamoDbError): WireError {
  const { namespace, status, messageField } = error.kind;
  const wire: Record<string, unknown> = { __type: `${namespace}#${error.type}` };
  if (error.message !== '') wire[messageField] = error.message;
  if (error.extra !== undefined) Object.assign(wire, error.extra);
  return { status, body: JSON.stringify(wire) };
}

/** What a service bug looks like to the client: DynamoDB's InternalServerError, never a stack. */
export const INTERNAL_SERVER_ERROR = new DynamoDbError(
  'InternalServerError',
  'Internal server error',
);
