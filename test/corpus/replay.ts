// Replays expression-corpus cases (test/corpus/*.json) against a DynamoDB endpoint, normalised for comparison.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawRequest, type RawResponse } from '../helpers/raw-request.js';

export const CORPUS_DIR = fileURLToPath(new URL('.', import.meta.url));

type Json = any;

export interface CorpusTable {
  readonly name: string;
  readonly hashKey: readonly [string, 'S' | 'N' | 'B'];
  readonly rangeKey?: readonly [string, 'S' | 'N' | 'B'];
}

/** What a case expects: an error (status, type, message, extra fields) or a normalised result. */
export type CorpusExpectation =
  | {
      readonly status: number;
      readonly __type: string;
      readonly message: string;
      readonly [extra: string]: Json;
    }
  | { readonly result: Json };

export interface CorpusCase {
  readonly name: string;
  readonly request: { readonly operation: string; readonly body: Json };
  /** Recorded from DynamoDB Local by scripts/record-corpus.ts. */
  expect?: CorpusExpectation;
  /** Set where DynamoDB Local is not DynamoDB: `expect` then holds DynamoDB's answer (kept by the recorder). */
  readonly deviation?: string;
}

export interface CorpusFile {
  readonly description: string;
  /** Logical table names; each replay creates them under unique physical names. */
  readonly tables: readonly CorpusTable[];
  /** Seed items per logical table, restored after every case that wrote successfully. */
  readonly items: Readonly<Record<string, readonly Json[]>>;
  readonly cases: CorpusCase[];
}

export function corpusFileNames(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function readCorpusFile(fileName: string): CorpusFile {
  return JSON.parse(readFileSync(join(CORPUS_DIR, fileName), 'utf8')) as CorpusFile;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** One corpus file's tables on one endpoint: created, seeded, restored, dropped. */
export class CorpusFixture {
  private readonly physical = new Map<string, string>();

  constructor(
    readonly endpoint: string,
    private readonly file: CorpusFile,
    runId: string,
  ) {
    for (const table of file.tables) this.physical.set(table.name, `${table.name}-${runId}`);
  }

  async setUp(): Promise<void> {
    for (const table of this.file.tables) await this.createTable(table);
    for (const table of this.file.tables) await this.seed(table.name);
  }

  async tearDown(): Promise<void> {
    for (const name of this.physical.values()) {
      await rawRequest(this.endpoint, 'DeleteTable', { TableName: name });
    }
  }

  /** Sends the case, restores the seed if it wrote, and returns the normalised outcome. */
  async replay(testCase: CorpusCase): Promise<CorpusExpectation> {
    const body = this.physicalBody(testCase.request.body);
    const response = await rawRequest(this.endpoint, testCase.request.operation, body);
    const outcome = normalise(testCase.request.operation, response);
    if (WRITES.has(testCase.request.operation) && response.status === 200) {
      await this.restore(testCase.request.body);
    }
    return outcome;
  }

  private physicalBody(body: Json): Json {
    const name = this.physical.get(body.TableName as string);
    return name === undefined ? body : { ...body, TableName: name };
  }

  private async createTable(table: CorpusTable): Promise<void> {
    const keys = table.rangeKey === undefined ? [table.hashKey] : [table.hashKey, table.rangeKey];
    const TableName = this.physical.get(table.name);
    const created = await rawRequest(this.endpoint, 'CreateTable', {
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys.map(([AttributeName], i) => ({
        AttributeName,
        KeyType: i === 0 ? 'HASH' : 'RANGE',
      })),
      AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType,
      })),
    });
    if (created.status !== 200) throw new Error(`CreateTable failed: ${created.text}`);
    // Bounded wait for ACTIVE (both servers create tables at once, but the API allows CREATING).
    for (let attempt = 0; attempt < 100; attempt++) {
      const described = await rawRequest(this.endpoint, 'DescribeTable', { TableName });
      if (described.body?.Table?.TableStatus === 'ACTIVE') return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`table ${TableName} did not become ACTIVE`);
  }

  private async seed(tableName: string): Promise<void> {
    const TableName = this.physical.get(tableName);
    for (const Item of this.file.items[tableName] ?? []) {
      const put = await rawRequest(this.endpoint, 'PutItem', { TableName, Item });
      if (put.status !== 200) throw new Error(`seeding ${tableName} failed: ${put.text}`);
    }
  }

  /** Undoes a successful write: drops the key it targeted, then puts the seed items back. */
  private async restore(body: Json): Promise<void> {
    const table = this.file.tables.find((t) => t.name === body.TableName);
    if (table === undefined) return;
    const source = body.Key ?? body.Item ?? {};
    const Key: Json = { [table.hashKey[0]]: source[table.hashKey[0]] };
    if (table.rangeKey !== undefined) Key[table.rangeKey[0]] = source[table.rangeKey[0]];
    await rawRequest(this.endpoint, 'DeleteItem', {
      TableName: this.physical.get(table.name),
      Key,
    });
    await this.seed(table.name);
  }
}

/**
 * The comparable part of a response: errors as status, type, message (either spelling) and extra
 * fields; results without capacity, with Scan items in a canonical order (scan order is
 * implementation-defined: DynamoDB walks hash order).
 */
export function normalise(operation: string, response: RawResponse): CorpusExpectation {
  const body: Json = response.body ?? {};
  if (response.status !== 200) {
    const { __type, message, Message, ...extra } = body;
    return {
      status: response.status,
      __type,
      message: message ?? Message,
      ...sortSetMembers(extra),
    };
  }
  const { ConsumedCapacity: _capacity, ...result } = body;
  if (operation === 'Scan' && Array.isArray(result.Items)) {
    result.Items = [...result.Items].sort((a: Json, b: Json) =>
      canonicalJson(a) < canonicalJson(b) ? -1 : 1,
    );
  }
  return { result: sortSetMembers(result) };
}

/** Sets are unordered in DynamoDB: members are compared in sorted order. */
function sortSetMembers(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortSetMembers);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      (key === 'SS' || key === 'NS' || key === 'BS') && Array.isArray(inner)
        ? [...inner].sort()
        : sortSetMembers(inner);
  }
  return out;
}

/** JSON with object keys sorted, for order-insensitive comparison and sorting. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}
