// The node:http front door: checks a request the way DynamoDB does, dispatches it, writes the answer.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ServerConfig } from '../config/server-config.js';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import { RawJson, type OperationResult } from '../operations/operation.js';
import { dispatch, findOperation, unknownOperation, type Service } from '../operations/registry.js';
import type { StorageEngine } from '../storage/engine.js';
import { handleAdmin, isAdminPath } from './admin-route.js';
import { checkAuth } from './auth-header.js';
import { crc32OfText } from './crc32.js';
import type { Logger } from './logger.js';
import { readBody } from './request-body.js';
import { newRequestId } from './request-id.js';
import { INTERNAL_SERVER_ERROR, formatError } from './wire-error.js';

export interface HttpServerOptions {
  readonly config: ServerConfig;
  readonly store: StorageEngine;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface OpenDdbHttpServer {
  readonly server: Server;
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
  const active = new Set<ServerResponse>();
  let closing = false;
  let onDrained: (() => void) | undefined;
  const server = createServer((req, res) => {
    active.add(res);
    if (closing) res.shouldKeepAlive = false;
    const answered = handle(options, req, res).catch((error: unknown) =>
      internalFailure(options.logger, res, error),
    );
    // Done means the operation settled AND the answer was flushed ('close'), not merely queued;
    // only then may close() close the store under it.
    const flushed = new Promise<void>((resolve) => res.once('close', resolve));
    void Promise.all([answered, flushed]).then(() => {
      active.delete(res);
      if (active.size === 0) onDrained?.();
    });
  });
  const close = async (): Promise<void> => {
    closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Requests already running finish, but their connections close after the answer.
    for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false;
    if (active.size > 0) await new Promise<void>((resolve) => (onDrained = resolve));
    // No request is running now; whatever connection is left is idle or half-sent headers.
    server.closeAllConnections();
    await closed;
  };
  return { server, close };
}

async function handle(options: HttpServerOptions, req: IncomingMessage, res: ServerResponse) {
  const requestId = newRequestId();
  res.setHeader('x-amzn-RequestId', requestId);
  if (req.headers.origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
  let body;
  try {
    body = await readBody(req);
  } catch {
    res.destroy(); // The client went away mid-request: nobody to answer.
    return;
  }
  if (isAdminPath(req.url)) {
    const now = options.now ?? Date.now;
    const bytes = body.kind === 'ok' ? body.bytes : Buffer.alloc(0);
    return handleAdmin({ config: options.config, store: options.store, now }, req, res, bytes);
  }
  if (body.kind === 'too-large') {
    const error = new DynamoDbError(
      'RequestEntityTooLargeException',
      'Request size exceeded 16777216 bytes',
    );
    return sendError(res, AMZ_JSON, error);
  }
  if (req.method === 'OPTIONS') return sendPreflight(req, res);
  if (req.method === 'GET') {
    return send(
      res,
      200,
      'text/plain',
      `healthy: dynamodb.${options.config.region}.amazonaws.com `,
    );
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const hasBody = body.kind === 'bad-encoding' || body.bytes.length > 0;
  const isJson = contentType === AMZ_JSON || contentType === 'application/json';
  if (req.method !== 'POST' || (hasBody && !isJson)) {
    return send(res, 404, undefined, NOT_FOUND_BODY);
  }
  // DynamoDB answers in the JSON flavour it was asked in.
  const replyType = contentType === 'application/json' ? 'application/json' : AMZ_JSON;
  try {
    const result = await answer(
      options,
      req,
      body.kind === 'ok' ? body.bytes : undefined,
      requestId,
    );
    send(res, 200, replyType, result instanceof RawJson ? result.text : JSON.stringify(result));
  } catch (error) {
    if (!(error instanceof DynamoDbError)) throw error;
    sendError(res, replyType, error);
  }
}

/** DynamoDB's order: JSON syntax, then target, then auth, then body shape, then the operation. */
async function answer(
  options: HttpServerOptions,
  req: IncomingMessage,
  bytes: Buffer | undefined,
  requestId: string,
): Promise<OperationResult> {
  const request = parseBody(bytes);
  const target = TARGET.exec(header(req, 'x-amz-target') ?? '');
  const service = target?.[1] as Service | undefined;
  const operationName = target?.[2] ?? '';
  if (service === undefined || findOperation(service, operationName) === undefined) {
    throw unknownOperation();
  }
  const authError = checkAuth({
    authorization: req.headers.authorization,
    amzDate: header(req, 'x-amz-date'),
    date: header(req, 'date'),
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
function queryOf(url: string | undefined): URLSearchParams {
  if (url === undefined || !url.includes('?')) return NO_QUERY;
  return new URL(url, 'http://localhost').searchParams;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendError(res: ServerResponse, contentType: string, error: DynamoDbError): void {
  const { status, body } = formatError(error);
  send(res, status, contentType, body);
}

function sendPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader(
    'Access-Control-Allow-Headers',
    header(req, 'access-control-request-headers') ?? PREFLIGHT_HEADERS,
  );
  res.setHeader(
    'Access-Control-Allow-Methods',
    header(req, 'access-control-request-method') ?? 'GET,POST,OPTIONS',
  );
  res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
  send(res, 200, undefined, '');
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  text: string,
): void {
  res.statusCode = status;
  if (contentType !== undefined) res.setHeader('Content-Type', contentType);
  res.setHeader('x-amz-crc32', String(crc32OfText(text)));
  res.setHeader('Content-Length', String(Buffer.byteLength(text, 'utf8')));
  // A string body leaves with the head in one write (Node prepends the head to a string chunk);
  // a Buffer body would go as a writev of head, body and an empty chunk (docs/performance.md).
  res.end(text, 'utf8');
}

/** A bug, not a DynamoDB error: log it with the request id and answer InternalServerError. */
function internalFailure(logger: Logger, res: ServerResponse, error: unknown): void {
  const requestId = String(res.getHeader('x-amzn-RequestId') ?? '-');
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger.log('error', `${requestId} internal error: ${detail}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendError(res, AMZ_JSON, INTERNAL_SERVER_ERROR);
}
