// The DynamoDB port: checks a request the way DynamoDB does, dispatches it, formats the answer
// (the HTTP/1.1 server itself is src/protocol/http1/).

import type { Server, Socket } from 'node:net';
import type { ServerConfig } from '../config/server-config.js';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import { RawJson, type OperationResult } from '../operations/operation.js';
import { dispatch, findOperation, unknownOperation, type Service } from '../operations/registry.js';
import type { StorageEngine } from '../storage/engine.js';
import { isAdminPath } from './admin-path.js';
import { checkAuth } from './auth-header.js';
import { crc32, crc32OfText } from './crc32.js';
import { createHttp1Server, type HttpRequest, type HttpResponse } from './http1/server.js';
import type { Logger } from './logger.js';
import { decodeBody, MAX_REQUEST_BYTES, type BodyResult } from './request-body.js';
import { newRequestId } from './request-id.js';
import { INTERNAL_SERVER_ERROR, formatError } from './wire-error.js';

export interface HttpServerOptions {
  readonly config: ServerConfig;
  readonly store: StorageEngine;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Called once, after the first answer has been handed to its socket. */
  readonly onFirstAnswer?: () => void;
}

export interface OpenDdbHttpServer {
  /** The listening socket: `listen` on it, read its `address()`. */
  readonly server: Server;
  /** Serves a socket accepted elsewhere (a cluster primary hands its workers connections). */
  accept(socket: Socket): void;
  /** Stops accepting connections, lets in-flight requests finish, then closes every connection. */
  close(): Promise<void>;
}

const AMZ_JSON = 'application/x-amz-json-1.0';
const TARGET = /^(DynamoDB|DynamoDBStreams)_20120810\.([A-Za-z]+)$/;
/** DynamoDB's answer to a non-POST method or a body of a non-JSON content type. */
const NOT_FOUND_BODY = '<UnknownOperationException/>\n';
const EXPOSED_HEADERS = 'x-amzn-RequestId,x-amz-crc32';
const PREFLIGHT_HEADERS =
  'authorization,content-type,content-encoding,x-amz-date,x-amz-target,x-amz-security-token,' +
  'x-amz-user-agent,x-amz-content-sha256,amz-sdk-invocation-id,amz-sdk-request';
const PREFLIGHT_MAX_AGE_S = '172800';

/** Creates (but does not start) the HTTP server for one store and configuration. */
export function createHttpServer(options: HttpServerOptions): OpenDdbHttpServer {
  let onFirstAnswer = options.onFirstAnswer;
  const http = createHttp1Server({
    maxBodyBytes: MAX_REQUEST_BYTES,
    handler: (request) => {
      // The headers every answer starts with: the request id, then CORS for a browser.
      const headers = ['x-amzn-RequestId', newRequestId()];
      if (request.headers.origin !== undefined) {
        headers.push(
          'Access-Control-Allow-Origin',
          '*',
          'Access-Control-Expose-Headers',
          EXPOSED_HEADERS,
        );
      }
      const baseLength = headers.length;
      const answer = handle(options, request, headers).catch((error: unknown) => {
        // Start over from the request id and CORS headers: the failure may have come later.
        headers.length = baseLength;
        return internalFailure(options.logger, headers, error);
      });
      if (onFirstAnswer !== undefined) {
        const call = onFirstAnswer;
        onFirstAnswer = undefined;
        // The next turn of the event loop: the connection writes the answer first.
        void answer.then(() => setImmediate(call));
      }
      return answer;
    },
  });
  return {
    server: http.listener,
    accept: (socket) => http.accept(socket),
    close: () => http.close(),
  };
}

async function handle(
  options: HttpServerOptions,
  req: HttpRequest,
  headers: string[],
): Promise<HttpResponse> {
  const decoded = decodeBody(req.headers['content-encoding'], req.body, req.bodyTooLarge);
  const body: BodyResult = decoded instanceof Promise ? await decoded : decoded;
  if (isAdminPath(req.url)) {
    // Loaded on first use: the trigger mappings it manages are not needed to start answering.
    const { handleAdmin } = await import('./admin-route.js');
    const now = options.now ?? Date.now;
    const bytes = body.kind === 'ok' ? body.bytes : Buffer.alloc(0);
    const reply = await handleAdmin(
      { config: options.config, store: options.store, now },
      req,
      bytes,
    );
    headers.push(...reply.headers, 'Content-Type', 'application/json');
    return { status: reply.status, headers, body: reply.body };
  }
  if (body.kind === 'too-large') {
    const error = new DynamoDbError(
      'RequestEntityTooLargeException',
      'Request size exceeded 16777216 bytes',
    );
    return errorResponse(headers, AMZ_JSON, error);
  }
  if (req.method === 'OPTIONS') return preflight(req, headers);
  if (req.method === 'GET') {
    return respond(
      headers,
      200,
      'text/plain',
      `healthy: dynamodb.${options.config.region}.amazonaws.com `,
    );
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const hasBody = body.kind === 'bad-encoding' || body.bytes.length > 0;
  const isJson = contentType === AMZ_JSON || contentType === 'application/json';
  if (req.method !== 'POST' || (hasBody && !isJson)) {
    return respond(headers, 404, undefined, NOT_FOUND_BODY);
  }
  // DynamoDB answers in the JSON flavour it was asked in.
  const replyType = contentType === 'application/json' ? 'application/json' : AMZ_JSON;
  const requestId = headers[1]!;
  try {
    const result = await answer(
      options,
      req,
      body.kind === 'ok' ? body.bytes : undefined,
      requestId,
    );
    return respond(
      headers,
      200,
      replyType,
      result instanceof RawJson ? result.bytes() : JSON.stringify(result),
    );
  } catch (error) {
    if (!(error instanceof DynamoDbError)) throw error;
    return errorResponse(headers, replyType, error);
  }
}

/** DynamoDB's order: JSON syntax, then target, then auth, then body shape, then the operation. */
async function answer(
  options: HttpServerOptions,
  req: HttpRequest,
  bytes: Buffer | undefined,
  requestId: string,
): Promise<OperationResult> {
  const request = parseBody(bytes);
  const target = TARGET.exec(req.headers['x-amz-target'] ?? '');
  const service = target?.[1] as Service | undefined;
  const operationName = target?.[2] ?? '';
  if (service === undefined || findOperation(service, operationName) === undefined) {
    throw unknownOperation();
  }
  const authError = checkAuth({
    authorization: req.headers.authorization,
    amzDate: req.headers['x-amz-date'],
    date: req.headers.date,
    query: queryOf(req.url),
  });
  if (authError !== undefined) throw authError;
  if (request === undefined) throw serializationError();
  if (options.logger.enabled('debug')) {
    options.logger.log('debug', `${requestId} ${service}.${operationName}`);
  }
  const now = options.now ?? Date.now;
  return dispatch(service, operationName, request, {
    store: options.store,
    config: options.config,
    requestId,
    now,
  });
}

/**
 * The request as an object; undefined when it is empty or not a JSON object, which DynamoDB
 * rejects only after target and auth checks. Malformed JSON (or a body that failed to inflate) is
 * rejected at once.
 */
function parseBody(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (bytes === undefined) throw serializationError();
  if (bytes.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw serializationError();
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  return isObject ? (parsed as Record<string, unknown>) : undefined;
}

/** DynamoDB answers unparseable bodies with a bare SerializationException (no message). */
function serializationError(): DynamoDbError {
  return new DynamoDbError('SerializationException', '');
}

const NO_QUERY = new URLSearchParams();

/** The query string's parameters; SDK requests have none, so skip URL parsing for them. */
function queryOf(url: string): URLSearchParams {
  if (!url.includes('?')) return NO_QUERY;
  return new URL(url, 'http://localhost').searchParams;
}

function errorResponse(headers: string[], contentType: string, error: DynamoDbError): HttpResponse {
  const { status, body } = formatError(error);
  return respond(headers, status, contentType, body);
}

function preflight(req: HttpRequest, headers: string[]): HttpResponse {
  // A request with an Origin already carries Access-Control-Allow-Origin.
  if (req.headers.origin === undefined) headers.push('Access-Control-Allow-Origin', '*');
  headers.push(
    'Access-Control-Allow-Headers',
    req.headers['access-control-request-headers'] ?? PREFLIGHT_HEADERS,
    'Access-Control-Allow-Methods',
    req.headers['access-control-request-method'] ?? 'GET,POST,OPTIONS',
    'Access-Control-Max-Age',
    PREFLIGHT_MAX_AGE_S,
  );
  return respond(headers, 200, undefined, '');
}

/**
 * The answer: `headers` so far, then Content-Type and x-amz-crc32 (the HTTP server adds
 * Content-Length, Date and Connection); the CRC32 is taken from the body as it is, text or bytes
 * (docs/performance.md).
 */
function respond(
  headers: string[],
  status: number,
  contentType: string | undefined,
  body: string | Uint8Array,
): HttpResponse {
  if (contentType !== undefined) headers.push('Content-Type', contentType);
  const crc = typeof body === 'string' ? crc32OfText(body) : crc32(body);
  headers.push('x-amz-crc32', String(crc));
  return { status, headers, body };
}

/** A bug, not a DynamoDB error: log it with the request id and answer InternalServerError. */
function internalFailure(logger: Logger, headers: string[], error: unknown): HttpResponse {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger.log('error', `${headers[1]!} internal error: ${detail}`);
  return errorResponse(headers, AMZ_JSON, INTERNAL_SERVER_ERROR);
}
