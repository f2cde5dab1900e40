// One error class for every failure DynamoDB reports to a client; only protocol/ turns it into wire JSON.

/** How DynamoDB spells an error on the wire: its namespace, HTTP status and message field name. */
export interface ErrorKind {
  readonly namespace: string;
  readonly status: number;
  /** Most types use `message`; a few (e.g. TransactionCanceledException) use `Message`. */
  readonly messageField: 'message' | 'Message';
}

const DYNAMODB = 'com.amazonaws.dynamodb.v20120810';
const CORAL_SERVICE = 'com.amazon.coral.service';
const CORAL_VALIDATE = 'com.amazon.coral.validate';

const kind = (
  namespace: string,
  status = 400,
  messageField: 'message' | 'Message' = 'message',
): ErrorKind => ({ namespace, status, messageField });

/** The catalogue of error types OpenDDB sends, as DynamoDB spells them. */
export const ERROR_KINDS = {
  // Request framework (Coral) errors.
  ValidationException: kind(CORAL_VALIDATE),
  SerializationException: kind(CORAL_SERVICE, 400, 'Message'),
  UnknownOperationException: kind(CORAL_SERVICE),
  MissingAuthenticationTokenException: kind(CORAL_SERVICE),
  IncompleteSignatureException: kind(CORAL_SERVICE),
  InvalidSignatureException: kind(CORAL_SERVICE),
  UnrecognizedClientException: kind(CORAL_SERVICE),
  AccessDeniedException: kind(CORAL_SERVICE, 400, 'Message'),
  RequestEntityTooLargeException: kind(CORAL_SERVICE, 413),
  ThrottlingException: kind(CORAL_SERVICE),
  InternalFailure: kind(CORAL_SERVICE, 500),
  ServiceUnavailableException: kind(CORAL_SERVICE, 503),
  // DynamoDB's own errors.
  ResourceNotFoundException: kind(DYNAMODB),
  ResourceInUseException: kind(DYNAMODB),
  ConditionalCheckFailedException: kind(DYNAMODB),
  ProvisionedThroughputExceededException: kind(DYNAMODB),
  RequestLimitExceeded: kind(DYNAMODB),
  ItemCollectionSizeLimitExceededException: kind(DYNAMODB),
  LimitExceededException: kind(DYNAMODB),
  TransactionCanceledException: kind(DYNAMODB, 400, 'Message'),
  TransactionConflictException: kind(DYNAMODB),
  TransactionInProgressException: kind(DYNAMODB),
  IdempotentParameterMismatchException: kind(DYNAMODB, 400, 'Message'),
  DuplicateItemException: kind(DYNAMODB),
  InternalServerError: kind(DYNAMODB, 500),
  TableNotFoundException: kind(DYNAMODB),
  TableAlreadyExistsException: kind(DYNAMODB),
  TableInUseException: kind(DYNAMODB),
  IndexNotFoundException: kind(DYNAMODB),
  BackupNotFoundException: kind(DYNAMODB),
  BackupInUseException: kind(DYNAMODB),
  ContinuousBackupsUnavailableException: kind(DYNAMODB),
  PointInTimeRecoveryUnavailableException: kind(DYNAMODB),
  InvalidRestoreTimeException: kind(DYNAMODB),
  PolicyNotFoundException: kind(DYNAMODB),
  ExpiredIteratorException: kind(DYNAMODB),
  TrimmedDataAccessException: kind(DYNAMODB),
} as const satisfies Record<string, ErrorKind>;

export type ErrorType = keyof typeof ERROR_KINDS;

/** A DynamoDB error: `extra` carries fields sent beside the message (Item, CancellationReasons, …). */
export class DynamoDbError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = type;
  }

  get kind(): ErrorKind {
    return ERROR_KINDS[this.type];
  }
}

/** The common case: a ValidationException with DynamoDB's message. */
export function validationError(message: string): DynamoDbError {
  return new DynamoDbError('ValidationException', message);
}

/** DynamoDB's answer for a table (or other resource) that does not exist. */
export function resourceNotFound(message = 'Requested resource not found'): DynamoDbError {
  return new DynamoDbError('ResourceNotFoundException', message);
}
