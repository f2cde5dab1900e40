// The catalog: table definitions stored under KeyPrefix.catalog, keyed by table name.

import { resourceNotFound } from '../errors/dynamodb-error.js';
import { bytesEqual } from '../storage/bytes.js';
import type { ReadTransaction, WriteTransaction } from '../storage/engine.js';
import { isArn, parseTableArn } from './arn.js';
import { KeyPrefix, prefixEnd } from './keyspace.js';
import type { TableDefinition } from './table-definition.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const CATALOG_START = Uint8Array.of(KeyPrefix.catalog);
const CATALOG_END = prefixEnd(CATALOG_START);

/** Encoded catalog keys by table name: every item request needs its table's (never mutated). */
const catalogKeys = new Map<string, Uint8Array>();

export function catalogKey(tableName: string): Uint8Array {
  let key = catalogKeys.get(tableName);
  if (key === undefined) {
    const name = encoder.encode(tableName);
    key = new Uint8Array(name.length + 1);
    key[0] = KeyPrefix.catalog;
    key.set(name, 1);
    if (catalogKeys.size >= MAX_CACHED_DEFINITIONS) catalogKeys.clear();
    catalogKeys.set(tableName, key);
  }
  return key;
}

/**
 * The table named by `tableNameOrArn` (DynamoDB accepts a table ARN wherever a TableName goes);
 * an ARN resolves only when it is exactly the table's own ARN (same region and account).
 */
export async function getTable(
  tx: ReadTransaction,
  tableNameOrArn: string,
): Promise<TableDefinition | undefined> {
  if (isArn(tableNameOrArn)) {
    const arn = parseTableArn(tableNameOrArn);
    if (arn === undefined) return undefined;
    const table = await getTable(tx, arn.tableName);
    return table?.tableArn === tableNameOrArn ? table : undefined;
  }
  const bytes = await tx.get(catalogKey(tableNameOrArn));
  return bytes === undefined ? undefined : parseDefinition(tableNameOrArn, bytes);
}

/** Parsed definitions by table name, with the stored bytes they were parsed from. */
const parsedDefinitions = new Map<string, { readonly bytes: Uint8Array; table: TableDefinition }>();
/** More names than any real deployment has tables; past it the cache simply starts over. */
const MAX_CACHED_DEFINITIONS = 4096;

/**
 * Every item request reads its table's definition; parsing the JSON each time showed in the
 * GetItem profile (docs/performance.md). The cache is keyed by the stored bytes themselves, so a
 * definition changed by another process (a worker) or transaction is seen at once: a byte
 * comparison is far cheaper than a parse. Cached definitions are frozen because they are shared.
 */
function parseDefinition(tableName: string, bytes: Uint8Array): TableDefinition {
  const cached = parsedDefinitions.get(tableName);
  if (cached !== undefined && bytesEqual(cached.bytes, bytes)) return cached.table;
  const table = deepFreeze(JSON.parse(decoder.decode(bytes)) as TableDefinition);
  if (parsedDefinitions.size >= MAX_CACHED_DEFINITIONS) parsedDefinitions.clear();
  // A copy: engines may hand out a buffer they reuse (lmdb's getBinaryFast).
  parsedDefinitions.set(tableName, { bytes: Uint8Array.prototype.slice.call(bytes), table });
  return table;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The table, or DynamoDB's ResourceNotFoundException when it does not exist. Item operations
 * say `Requested resource not found`; the table operations (DescribeTable, DeleteTable,
 * UpdateTable) name the table, which `notFoundMessage` lets them do.
 */
export async function requireTable(
  tx: ReadTransaction,
  tableNameOrArn: string,
  notFoundMessage?: string,
): Promise<TableDefinition> {
  const table = await getTable(tx, tableNameOrArn);
  if (table === undefined) throw resourceNotFound(notFoundMessage);
  return table;
}

/** DynamoDB's message when a table operation names a table that does not exist. */
export function tableNotFoundMessage(tableNameOrArn: string): string {
  return `Requested resource not found: Table: ${tableNameOrArn} not found`;
}

export function putTable(tx: WriteTransaction, table: TableDefinition): void {
  tx.put(catalogKey(table.tableName), encoder.encode(JSON.stringify(table)));
}

export function removeTable(tx: WriteTransaction, tableName: string): void {
  tx.delete(catalogKey(tableName));
}

export interface TableNamePage {
  readonly tableNames: string[];
  /** True when at least one more table follows the page. */
  readonly more: boolean;
}

/**
 * Table names in ascending byte order (names are ASCII, so alphabetical), strictly after
 * `exclusiveStartTableName`, at most `limit` of them.
 */
export async function listTableNames(
  tx: ReadTransaction,
  limit: number,
  exclusiveStartTableName?: string,
): Promise<TableNamePage> {
  const start =
    exclusiveStartTableName === undefined
      ? CATALOG_START
      : Uint8Array.of(...catalogKey(exclusiveStartTableName), 0);
  const tableNames: string[] = [];
  for await (const entry of tx.scan({ start, end: CATALOG_END, limit: limit + 1 })) {
    tableNames.push(decoder.decode(entry.key.subarray(1)));
  }
  const more = tableNames.length > limit;
  if (more) tableNames.length = limit;
  return { tableNames, more };
}
