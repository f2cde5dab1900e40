// ListStreams: the streams of every table (or of one), newest first per table, paginated.

import { validationError } from '../../errors/dynamodb-error.js';
import { getTable, listTableNames } from '../../core/catalog.js';
import { arnOfStream } from '../../core/streams/stream-lookup.js';
import { tableStreamLabels } from '../../core/streams/stream-shards.js';
import type { ReadTransaction } from '../../storage/engine.js';
import type { Operation, OperationContext } from '../operation.js';

interface ListStreamsRequest {
  TableName?: string;
  Limit?: number;
  ExclusiveStartStreamArn?: string;
}

interface StreamSummary {
  StreamArn: string;
  TableName: string;
  StreamLabel: string;
}

const MAX_LIMIT = 100;

export const listStreams: Operation = {
  name: 'ListStreams',
  async execute(raw, context) {
    const request = raw as ListStreamsRequest;
    const limit = request.Limit ?? MAX_LIMIT;
    if (limit > MAX_LIMIT) {
      throw validationError(
        `One or more parameter values were invalid: Limit cannot be greater than the maximum allowed size: ${MAX_LIMIT}`,
      );
    }
    const streams = await context.store.read((tx) => allStreams(tx, context, request.TableName));
    let start = 0;
    if (request.ExclusiveStartStreamArn !== undefined) {
      const position = streams.findIndex((s) => s.StreamArn === request.ExclusiveStartStreamArn);
      // DynamoDB Local answers an unknown start ARN with an empty page.
      start = position < 0 ? streams.length : position + 1;
    }
    const page = streams.slice(start, start + limit);
    const more = start + limit < streams.length;
    return {
      Streams: page,
      ...(more && page.length > 0 ? { LastEvaluatedStreamArn: page.at(-1)!.StreamArn } : {}),
    };
  },
};

async function allStreams(
  tx: ReadTransaction,
  context: OperationContext,
  tableName: string | undefined,
): Promise<StreamSummary[]> {
  const names = tableName === undefined ? await allTableNames(tx) : [tableName];
  const streams: StreamSummary[] = [];
  for (const name of names) {
    const table = await getTable(tx, name);
    if (table === undefined) continue;
    for (const label of await tableStreamLabels(tx, table)) {
      streams.push({
        StreamArn: arnOfStream(context.config, table, label),
        TableName: table.tableName,
        StreamLabel: label,
      });
    }
  }
  return streams;
}

async function allTableNames(tx: ReadTransaction): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await listTableNames(tx, 1000, after);
    names.push(...page.tableNames);
    if (!page.more) return names;
    after = page.tableNames.at(-1);
  }
}
