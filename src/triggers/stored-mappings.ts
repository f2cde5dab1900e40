// Trigger mappings managed through the admin API: Lambda's event source mapping operations
// (Create/List/Get/Update/Delete, Lambda's field names and UUIDs), stored in the store so every
// process sees them and they survive restarts.

import { randomUUID } from 'node:crypto';
import type { ServerConfig } from '../config/server-config.js';
import { tableArn } from '../core/arn.js';
import { getTable } from '../core/catalog.js';
import { KeyPrefix, prefixEnd } from '../core/keyspace.js';
import type { StorageEngine, WriteTransaction } from '../storage/engine.js';
import { checkpointKey } from './trigger-job.js';
import { parseTriggerMapping, TriggerConfigError, type TriggerMapping } from './trigger-mapping.js';

/** A request the admin API refuses, with Lambda's error type and HTTP status. */
export class AdminRequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'InvalidParameterValueException' | 'ResourceNotFoundException',
    message: string,
  ) {
    super(message);
  }
}

type Raw = Record<string, unknown>;

/** What the store keeps: the mapping in the triggers-file form (name = UUID) plus metadata. */
interface StoredMapping {
  readonly EventSourceArn: string;
  readonly LastModified: number;
  readonly mapping: Raw;
}

/** Lambda's EventSourceMappingConfiguration, as the admin API answers it. */
export interface EventSourceMappingConfiguration {
  readonly UUID: string;
  readonly EventSourceArn: string;
  readonly FunctionName: string;
  readonly FunctionArn: string;
  readonly State: 'Enabled' | 'Disabled' | 'Deleting';
  readonly StateTransitionReason: 'USER_INITIATED';
  readonly LastModified: number;
  readonly BatchSize: number;
  readonly MaximumBatchingWindowInSeconds: number;
  readonly StartingPosition: string;
  readonly FilterCriteria?: TriggerMapping['FilterCriteria'];
  readonly MaximumRetryAttempts: number;
  readonly MaximumRecordAgeInSeconds: number;
  readonly BisectBatchOnFunctionError: boolean;
  readonly FunctionResponseTypes: string[];
  readonly DestinationConfig?: { OnFailure: { Destination: string } };
  readonly TimeoutSeconds: number;
}

/** Options CreateEventSourceMapping takes besides EventSourceArn and FunctionName. */
const OPTION_FIELDS = [
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'FilterCriteria',
  'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'FunctionResponseTypes',
  'DestinationConfig',
  'Enabled',
  'TimeoutSeconds',
] as const;
/** UpdateEventSourceMapping cannot change the source or the starting position (Lambda's rule). */
const UPDATE_FIELDS: readonly string[] = ['FunctionName', ...OPTION_FIELDS];
const CREATE_FIELDS: readonly string[] = [...UPDATE_FIELDS, 'EventSourceArn', 'StartingPosition'];

const TABLE_OR_STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)(\/stream\/.+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function mappingKey(uuid: string): Uint8Array {
  return Uint8Array.of(KeyPrefix.triggerMappings, ...encoder.encode(uuid));
}

function invalid(message: string): AdminRequestError {
  return new AdminRequestError(400, 'InvalidParameterValueException', message);
}

function notFound(uuid: string): AdminRequestError {
  return new AdminRequestError(
    404,
    'ResourceNotFoundException',
    `The resource you requested does not exist. (Service: Lambda, UUID: ${uuid})`,
  );
}

function rejectUnknownFields(body: Raw, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((field) => !allowed.includes(field));
  if (unknown !== undefined) throw invalid(`Unsupported field: ${unknown}`);
}

/** The mapping in its runnable form; relative handler paths resolve against the server's cwd. */
function parse(stored: StoredMapping): TriggerMapping {
  try {
    return parseTriggerMapping(stored.mapping, process.cwd());
  } catch (error) {
    if (error instanceof TriggerConfigError) throw invalid(error.message);
    throw error;
  }
}

function describe(
  config: ServerConfig,
  uuid: string,
  stored: StoredMapping,
): EventSourceMappingConfiguration {
  const mapping = parse(stored);
  return {
    UUID: uuid,
    EventSourceArn: stored.EventSourceArn,
    FunctionName: mapping.handler,
    FunctionArn: `arn:aws:lambda:${config.region}:${config.accountId}:function:${uuid}`,
    State: mapping.Enabled ? 'Enabled' : 'Disabled',
    StateTransitionReason: 'USER_INITIATED',
    LastModified: stored.LastModified,
    BatchSize: mapping.BatchSize,
    MaximumBatchingWindowInSeconds: mapping.MaximumBatchingWindowInSeconds,
    StartingPosition: mapping.StartingPosition,
    ...(mapping.FilterCriteria === undefined ? {} : { FilterCriteria: mapping.FilterCriteria }),
    MaximumRetryAttempts: mapping.MaximumRetryAttempts,
    MaximumRecordAgeInSeconds: mapping.MaximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: mapping.BisectBatchOnFunctionError,
    FunctionResponseTypes: mapping.ReportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
    ...(mapping.OnFailureDestination === undefined
      ? {}
      : { DestinationConfig: { OnFailure: { Destination: mapping.OnFailureDestination } } }),
    TimeoutSeconds: mapping.TimeoutSeconds,
  };
}

async function load(tx: WriteTransaction, uuid: string): Promise<StoredMapping | undefined> {
  const bytes = UUID.test(uuid) ? await tx.get(mappingKey(uuid)) : undefined;
  return bytes === undefined ? undefined : (JSON.parse(decoder.decode(bytes)) as StoredMapping);
}

function save(tx: WriteTransaction, uuid: string, stored: StoredMapping): void {
  tx.put(mappingKey(uuid), encoder.encode(JSON.stringify(stored)));
}

/** The runnable mapping of `uuid`, or undefined once it is deleted (read by its trigger job). */
export async function loadStoredMapping(
  store: StorageEngine,
  uuid: string,
): Promise<TriggerMapping | undefined> {
  const bytes = await store.read((tx) => tx.get(mappingKey(uuid)));
  if (bytes === undefined) return undefined;
  return parse(JSON.parse(decoder.decode(bytes)) as StoredMapping);
}

/** Every stored mapping's UUID, so each process can run a job for each. */
export async function storedMappingIds(store: StorageEngine): Promise<string[]> {
  const start = Uint8Array.of(KeyPrefix.triggerMappings);
  return store.read(async (tx) => {
    const ids: string[] = [];
    for await (const entry of tx.scan({ start, end: prefixEnd(start) })) {
      ids.push(decoder.decode(entry.key.subarray(1)));
    }
    return ids;
  });
}

/** CreateEventSourceMapping: the table must exist; the mapping starts at once if Enabled. */
export async function createMapping(
  store: StorageEngine,
  config: ServerConfig,
  body: Raw,
  nowMs: number,
): Promise<EventSourceMappingConfiguration> {
  rejectUnknownFields(body, CREATE_FIELDS);
  const source = body.EventSourceArn;
  const match = typeof source === 'string' ? TABLE_OR_STREAM_ARN.exec(source) : null;
  if (match === null) throw invalid('EventSourceArn must be a DynamoDB table or stream ARN');
  if (typeof body.FunctionName !== 'string') throw invalid('FunctionName is required');
  const tableName = match[1]!;
  const uuid = randomUUID();
  const options = Object.fromEntries(
    Object.entries(body).filter(
      ([field]) => field !== 'EventSourceArn' && field !== 'FunctionName',
    ),
  );
  const stored: StoredMapping = {
    EventSourceArn: source as string,
    LastModified: Math.floor(nowMs / 1000),
    mapping: { ...options, name: uuid, tableName, handler: body.FunctionName },
  };
  const description = describe(config, uuid, stored);
  await store.write(async (tx) => {
    if ((await getTable(tx, tableName)) === undefined) {
      throw invalid(`Stream not found: ${tableArn(config, tableName)}`);
    }
    save(tx, uuid, stored);
  });
  return description;
}

export async function getMapping(
  store: StorageEngine,
  config: ServerConfig,
  uuid: string,
): Promise<EventSourceMappingConfiguration> {
  const stored = await store.write((tx) => load(tx, uuid));
  if (stored === undefined) throw notFound(uuid);
  return describe(config, uuid, stored);
}

/** ListEventSourceMappings, optionally filtered by EventSourceArn and FunctionName. */
export async function listMappings(
  store: StorageEngine,
  config: ServerConfig,
  filter: { EventSourceArn?: string; FunctionName?: string },
): Promise<{ EventSourceMappings: EventSourceMappingConfiguration[] }> {
  const all = await Promise.all(
    (await storedMappingIds(store)).map((uuid) => getMapping(store, config, uuid)),
  );
  const EventSourceMappings = all.filter(
    (m) =>
      (filter.EventSourceArn === undefined || m.EventSourceArn === filter.EventSourceArn) &&
      (filter.FunctionName === undefined || m.FunctionName === filter.FunctionName),
  );
  return { EventSourceMappings };
}

/** UpdateEventSourceMapping: changes the given options; the checkpoint is kept. */
export async function updateMapping(
  store: StorageEngine,
  config: ServerConfig,
  uuid: string,
  body: Raw,
  nowMs: number,
): Promise<EventSourceMappingConfiguration> {
  rejectUnknownFields(body, UPDATE_FIELDS);
  const { FunctionName, ...options } = body;
  return store.write(async (tx) => {
    const stored = await load(tx, uuid);
    if (stored === undefined) throw notFound(uuid);
    const updated: StoredMapping = {
      ...stored,
      LastModified: Math.floor(nowMs / 1000),
      mapping: {
        ...stored.mapping,
        ...options,
        ...(FunctionName === undefined ? {} : { handler: FunctionName }),
      },
    };
    const description = describe(config, uuid, updated);
    save(tx, uuid, updated);
    return description;
  });
}

/** DeleteEventSourceMapping: answers the last configuration with State `Deleting`, as Lambda. */
export async function deleteMapping(
  store: StorageEngine,
  config: ServerConfig,
  uuid: string,
): Promise<EventSourceMappingConfiguration> {
  return store.write(async (tx) => {
    const stored = await load(tx, uuid);
    if (stored === undefined) throw notFound(uuid);
    tx.delete(mappingKey(uuid));
    tx.delete(checkpointKey(uuid));
    return { ...describe(config, uuid, stored), State: 'Deleting' as const };
  });
}
