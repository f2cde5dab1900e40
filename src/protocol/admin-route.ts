// The admin HTTP API under /admin on the DynamoDB port: Lambda-style event source mappings
// (src/triggers/stored-mappings.ts), behind a bearer token; without a configured token, /admin is 404.

import { timingSafeEqual } from 'node:crypto';
import type { ServerConfig } from '../config/server-config.js';
import type { StorageEngine } from '../storage/engine.js';
import type { HttpRequest } from './http1/server.js';
import {
  AdminRequestError,
  createMapping,
  deleteMapping,
  getMapping,
  listMappings,
  updateMapping,
} from '../triggers/stored-mappings.js';

const MAPPINGS = /^\/admin\/event-source-mappings\/?([^/]*)$/;

/** An admin answer: its status, headers to send before Content-Type, and its JSON text. */
export interface AdminReply {
  readonly status: number;
  readonly headers: readonly string[];
  readonly body: string;
}

interface AdminContext {
  readonly config: ServerConfig;
  readonly store: StorageEngine;
  readonly now: () => number;
}

/** Answers one admin request whose body has been read. */
export async function handleAdmin(
  context: AdminContext,
  req: HttpRequest,
  body: Buffer,
): Promise<AdminReply> {
  const token = context.config.adminToken;
  if (token === undefined || token === '') return reply(404, { message: 'Not Found' });
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (given === undefined) return reply(401, { message: 'Missing bearer token' });
  if (!sameSecret(given, token)) return reply(403, { message: 'Invalid admin token' });
  const url = new URL(req.url, 'http://localhost');
  const match = MAPPINGS.exec(url.pathname);
  if (match === null) return reply(404, { message: 'Not Found' });
  try {
    const answer = await route(context, req.method, match[1]!, url, body);
    return reply(answer.status, answer.body);
  } catch (error) {
    if (!(error instanceof AdminRequestError)) throw error;
    return reply(error.status, { Type: 'User', message: error.message }, [
      'x-amzn-ErrorType',
      error.type,
    ]);
  }
}

async function route(
  context: AdminContext,
  method: string,
  uuid: string,
  url: URL,
  body: Buffer,
): Promise<{ status: number; body: unknown }> {
  const { store, config, now } = context;
  if (uuid === '') {
    if (method === 'GET') {
      const filter = {
        EventSourceArn: url.searchParams.get('EventSourceArn') ?? undefined,
        FunctionName: url.searchParams.get('FunctionName') ?? undefined,
      };
      return { status: 200, body: await listMappings(store, config, filter) };
    }
    // Lambda answers CreateEventSourceMapping with 202 Accepted.
    if (method === 'POST') {
      return { status: 202, body: await createMapping(store, config, json(body), now()) };
    }
  } else {
    if (method === 'GET') return { status: 200, body: await getMapping(store, config, uuid) };
    if (method === 'PUT') {
      return { status: 202, body: await updateMapping(store, config, uuid, json(body), now()) };
    }
    if (method === 'DELETE') return { status: 202, body: await deleteMapping(store, config, uuid) };
  }
  return { status: 405, body: { message: `${method} is not supported here` } };
}

function json(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch {
    throw new AdminRequestError(400, 'InvalidParameterValueException', 'The body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AdminRequestError(400, 'InvalidParameterValueException', 'Expected a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Compares without leaking, through timing, how much of the token was right. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function reply(status: number, body: unknown, headers: readonly string[] = []): AdminReply {
  return { status, headers, body: JSON.stringify(body) };
}
