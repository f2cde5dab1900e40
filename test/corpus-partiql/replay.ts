// Replays PartiQL corpus cases (test/corpus-partiql/*.json) in order against an endpoint, normalised.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '../corpus/replay.js';
import { rawRequest } from '../helpers/raw-request.js';

export const PARTIQL_CORPUS_DIR = fileURLToPath(new URL('.', import.meta.url));

type Json = any;

export interface PartiqlCase {
  /** ExecuteStatement (default), BatchExecuteStatement or ExecuteTransaction. */
  readonly operation?: string;
  /** The request body; `{t}` in any string stands for the file's table. */
  readonly body: Json;
  /**
   * For an ORDER BY that runs as a Scan (`pk = 'a' OR pk = 'b' ORDER BY sk`): the partition key
   * whose partitions come in scan (hash) order, which differs between servers; the items are
   * compared grouped by it, in the order the statement gives within each partition.
   */
  readonly partitionOrder?: string;
  /** Recorded from DynamoDB Local by scripts/record-partiql-corpus.ts. */
  expect?: Json;
}

export interface PartiqlCorpusFile {
  readonly description: string;
  /** The table's key: [name, type] of the partition key and optional sort key. */
  readonly keys: readonly (readonly [string, 'S' | 'N' | 'B'])[];
  /** More CreateTable members (AttributeDefinitions, GlobalSecondaryIndexes, …). */
  readonly createTable?: Json;
  readonly items: readonly Json[];
  /** Replayed in order: writes change what later cases see, the same way on every server. */
  readonly cases: PartiqlCase[];
}

export function partiqlCorpusFiles(): string[] {
  return readdirSync(PARTIQL_CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function readPartiqlCorpus(fileName: string): PartiqlCorpusFile {
  return JSON.parse(readFileSync(join(PARTIQL_CORPUS_DIR, fileName), 'utf8')) as PartiqlCorpusFile;
}

/** The file's table on one endpoint, created and seeded. */
export class PartiqlFixture {
  readonly tableName: string;

  constructor(
    readonly endpoint: string,
    private readonly file: PartiqlCorpusFile,
    runId: string,
  ) {
    // One length everywhere: DynamoDB's messages place errors by column, after the name.
    this.tableName = `pqc-${runId}`.padEnd(24, '-');
  }

  async setUp(): Promise<void> {
    const { keys } = this.file;
    const created = await rawRequest(this.endpoint, 'CreateTable', {
      TableName: this.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys.map(([AttributeName], i) => ({
        AttributeName,
        KeyType: i === 0 ? 'HASH' : 'RANGE',
      })),
      AttributeDefinitions: keys.map(([AttributeName, AttributeType]) => ({
        AttributeName,
        AttributeType,
      })),
      ...this.file.createTable,
    });
    if (created.status !== 200) throw new Error(`CreateTable failed: ${created.text}`);
    for (const Item of this.file.items) {
      const put = await rawRequest(this.endpoint, 'PutItem', { TableName: this.tableName, Item });
      if (put.status !== 200) throw new Error(`seeding failed: ${put.text}`);
    }
  }

  async tearDown(): Promise<void> {
    await rawRequest(this.endpoint, 'DeleteTable', { TableName: this.tableName });
  }

  async replay(testCase: PartiqlCase): Promise<Json> {
    const body = JSON.parse(JSON.stringify(testCase.body).replaceAll('{t}', this.tableName));
    const response = await rawRequest(
      this.endpoint,
      testCase.operation ?? 'ExecuteStatement',
      body,
    );
    // Messages quote the statement: the physical table name goes back to `{t}`.
    const answer = JSON.parse(response.text.replaceAll(this.tableName, '{t}') || '{}');
    return normalise(
      response.status,
      answer,
      JSON.stringify(testCase.body),
      testCase.partitionOrder,
    );
  }
}

/**
 * Errors as status, type and message; results without capacity, NextToken as a flag, and items in
 * a canonical order unless the statement orders them. DynamoDB Local calls DynamoDB's
 * DuplicateItemException `DuplicateItem` (DYNAMODB-FACTS.md): recorded as DynamoDB's name.
 */
function normalise(
  status: number,
  body: Json,
  request: string,
  partitionOrder: string | undefined,
): Json {
  if (status !== 200) {
    const type = String(body.__type ?? '')
      .split('#')
      .pop();
    return {
      status,
      type: type === 'DuplicateItem' ? 'DuplicateItemException' : type,
      message: body.message ?? body.Message,
      ...(body.CancellationReasons === undefined ? {} : { reasons: body.CancellationReasons }),
    };
  }
  const { ConsumedCapacity: _capacity, NextToken, ...result } = body;
  if (NextToken !== undefined) result.NextToken = true;
  if (Array.isArray(result.Items) && !/ORDER BY/i.test(request)) {
    result.Items = [...result.Items].sort((a: Json, b: Json) =>
      canonicalJson(a) < canonicalJson(b) ? -1 : 1,
    );
  } else if (Array.isArray(result.Items) && partitionOrder !== undefined) {
    // A stable sort: each partition's items keep the order the statement gave them.
    const key = (item: Json): string => canonicalJson(item[partitionOrder]);
    result.Items = [...result.Items].sort((a: Json, b: Json) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0,
    );
  }
  return JSON.parse(canonicalJson(sortSets(result)));
}

function sortSets(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortSets);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      ['SS', 'NS', 'BS'].includes(key) && Array.isArray(inner)
        ? [...inner].sort()
        : sortSets(inner);
  }
  return out;
}
