// Checks that a request carries well-formed AWS Signature V4 authentication (signatures unverified).

import { DynamoDbError } from '../errors/dynamodb-error.js';

export interface AuthInput {
  readonly authorization: string | undefined;
  readonly amzDate: string | undefined;
  readonly date: string | undefined;
  /** The request's query-string parameters (presigned requests carry auth there). */
  readonly query: URLSearchParams;
}

const HEADER_PARAMS = ['Credential', 'Signature', 'SignedHeaders'] as const;
const QUERY_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
] as const;

/** DynamoDB's answer when auth is missing or malformed, in its order of checks; undefined if fine. */
export function checkAuth(input: AuthInput): DynamoDbError | undefined {
  const { authorization } = input;
  const queryAuth = input.query.has('X-Amz-Algorithm');
  if (authorization !== undefined && queryAuth) {
    return new DynamoDbError(
      'InvalidSignatureException',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  }
  if (authorization === undefined ? !queryAuth : !authorization.trim().startsWith('AWS4-')) {
    return new DynamoDbError(
      'MissingAuthenticationTokenException',
      'Request is missing Authentication Token',
    );
  }
  const message =
    authorization === undefined
      ? checkQueryAuth(input.query)
      : checkHeaderAuth(input, authorization);
  return message === '' ? undefined : new DynamoDbError('IncompleteSignatureException', message);
}

/** `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` must name all three parts. */
function checkHeaderAuth(input: AuthInput, authorization: string): string {
  const params = new Map<string, string>();
  for (const part of authorization.split(/[, ]/).slice(1)) {
    const [key = '', value = ''] = part.trim().split('=');
    if (key !== '') params.set(key, value);
  }
  let message = '';
  for (const param of HEADER_PARAMS) {
    if (!params.get(param)) message += `Authorization header requires '${param}' parameter. `;
  }
  if (!input.amzDate && !input.date) {
    message +=
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  return message === '' ? '' : `${message}Authorization=${authorization}`;
}

/** A presigned request must carry every SigV4 query parameter. */
function checkQueryAuth(query: URLSearchParams): string {
  let message = '';
  for (const param of QUERY_PARAMS) {
    if (!query.get(param)) message += `AWS query-string parameters must include '${param}'. `;
  }
  return message === '' ? '' : `${message}Re-examine the query-string parameters.`;
}
