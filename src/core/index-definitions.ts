// SecondaryIndexDefinitions built from CreateTable's and UpdateTable's (already checked) index input.

import type { WriteTransaction } from '../storage/engine.js';
import { nextSequenceValue } from '../storage/sequence.js';
import type { SecondaryIndexInput } from './index-schema-validation.js';
import type {
  AttributeDefinition,
  IndexProjection,
  IndexStatus,
  KeyAttribute,
  SecondaryIndexDefinition,
  TableDefinition,
} from './table-definition.js';

/** What a new index's definition depends on besides its own input. */
export interface IndexContext {
  readonly tableArn: string;
  readonly attributeDefinitions: ReadonlyArray<AttributeDefinition>;
  readonly payPerRequest: boolean;
}

/** A definition still waiting for its index number (allocated in the creating transaction). */
export type IndexDraft = Omit<SecondaryIndexDefinition, 'indexNumber'>;

function keyAttributes(
  index: SecondaryIndexInput,
  keyType: 'HASH' | 'RANGE',
  definitions: ReadonlyArray<AttributeDefinition>,
): KeyAttribute[] {
  return index.KeySchema.filter((k) => k.KeyType === keyType).map((k) => ({
    name: k.AttributeName,
    type: definitions.find((d) => d.AttributeName === k.AttributeName)!.AttributeType,
  }));
}

function projection(index: SecondaryIndexInput): IndexProjection {
  const type = index.Projection.ProjectionType as IndexProjection['type'];
  const nonKey = index.Projection.NonKeyAttributes;
  return type === 'INCLUDE' && nonKey !== undefined
    ? { type, nonKeyAttributes: [...nonKey] }
    : { type };
}

/** A new index's definition; GSIs created by UpdateTable start CREATING and backfilling. */
export function indexDraft(
  index: SecondaryIndexInput,
  kind: 'local' | 'global',
  context: IndexContext,
  status: IndexStatus = 'ACTIVE',
): IndexDraft {
  const definitions = context.attributeDefinitions;
  const throughput = index.ProvisionedThroughput;
  const global = kind === 'global';
  return {
    kind,
    indexName: index.IndexName,
    indexArn: `${context.tableArn}/index/${index.IndexName}`,
    partitionKey: keyAttributes(index, 'HASH', definitions),
    sortKey: keyAttributes(index, 'RANGE', definitions),
    projection: projection(index),
    status,
    ...(status === 'CREATING' ? { backfilling: true } : {}),
    ...(global
      ? {
          provisionedThroughput: {
            ReadCapacityUnits: context.payPerRequest ? 0 : throughput!.ReadCapacityUnits!,
            WriteCapacityUnits: context.payPerRequest ? 0 : throughput!.WriteCapacityUnits!,
            NumberOfDecreasesToday: 0,
          },
        }
      : {}),
    ...(global && index.OnDemandThroughput !== undefined
      ? { onDemandThroughput: { ...index.OnDemandThroughput } }
      : {}),
    ...(global && index.WarmThroughput !== undefined
      ? { warmThroughput: { ...index.WarmThroughput } }
      : {}),
  };
}

/** The indexes of a CreateTable request, LSIs first (DescribeTable's order), not yet numbered. */
export function createTableIndexDrafts(
  request: {
    LocalSecondaryIndexes?: SecondaryIndexInput[];
    GlobalSecondaryIndexes?: SecondaryIndexInput[];
  },
  context: IndexContext,
): IndexDraft[] {
  return [
    ...(request.LocalSecondaryIndexes ?? []).map((i) => indexDraft(i, 'local', context)),
    ...(request.GlobalSecondaryIndexes ?? []).map((i) => indexDraft(i, 'global', context)),
  ];
}

/** Gives each draft a number from the `index-number` sequence (never reused, like table numbers). */
export async function numberIndexes(
  tx: WriteTransaction,
  drafts: readonly IndexDraft[],
): Promise<SecondaryIndexDefinition[]> {
  const numbered: SecondaryIndexDefinition[] = [];
  for (const draft of drafts) {
    numbered.push({ ...draft, indexNumber: Number(await nextSequenceValue(tx, 'index-number')) });
  }
  return numbered;
}

/** The table's index named `indexName`, if any (LSI or GSI). */
export function findIndex(
  table: TableDefinition,
  indexName: string,
): SecondaryIndexDefinition | undefined {
  return table.indexes?.find((index) => index.indexName === indexName);
}
