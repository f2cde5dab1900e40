// TransactWriteItems' core: plan every action, check all of them against one snapshot, then write
// all or nothing inside the caller's storage transaction (DynamoDB's cancellation semantics).

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import { attributeOf, type Item } from '../model/attribute-value.js';
import { validateItem } from '../model/attribute-value-validation.js';
import { checkItemSize, itemSizeBytes } from '../model/item-size.js';
import type { WriteTransaction } from '../storage/engine.js';
import { CapacityTally, readUnits, writeUnits } from './capacity.js';
import { requireTable } from './catalog.js';
import {
  checkConditionKeyPaths,
  checkWriteCondition,
  planWriteCondition,
  type WriteCondition,
} from './conditional-write.js';
import { checkConditionParameters } from './expression-parameters.js';
import { indexKeyAttributes } from './index-entries.js';
import { checkIndexKeys, maintainedIndexes, type IndexWriteUnits } from './index-maintenance.js';
import { keyFromItem, keyFromKeyMap, storageKeyId } from './item-keys.js';
import {
  applyItemUpdate,
  checkUpdateValuesSize,
  planItemUpdate,
  type ItemUpdatePlan,
} from './item-update.js';
import { writeItemChange } from './item-writer.js';
import { decodeStoredItem, encodeStoredItem, storedItemSizeBytes } from './stored-item.js';
import type { TableDefinition } from './table-definition.js';

/** DynamoDB's limit on the summed size of a transaction's items. */
export const MAX_TRANSACTION_PAYLOAD_BYTES = 4 * 1024 * 1024;

export const DUPLICATE_ITEM_MESSAGE =
  'Transaction request cannot include multiple operations on one item';

type Request = Readonly<Record<string, unknown>>;

export type TransactWriteAction =
  | {
      readonly kind: 'Put';
      readonly tableName: string;
      readonly item: Item;
      readonly stored: Uint8Array;
      readonly itemSizeBytes: number;
      readonly condition: WriteCondition;
    }
  | {
      readonly kind: 'Delete' | 'ConditionCheck';
      readonly tableName: string;
      readonly key: Item;
      readonly condition: WriteCondition;
    }
  | ({ readonly kind: 'Update' } & ItemUpdatePlan);

/** One entry of CancellationReasons, as DynamoDB sends it. */
export interface CancellationReason {
  Code: 'None' | 'ConditionalCheckFailed' | 'ValidationError';
  Message?: string;
  Item?: Item;
}

/** DynamoDB Local 3.3's reason for an index key of the wrong type, without the details. */
export const INDEX_KEY_TYPE_MISMATCH_MESSAGE =
  'One or more parameter values were invalid: Type mismatch for Index Key';

const ACTION_KINDS = ['ConditionCheck', 'Put', 'Delete', 'Update'] as const;

/** Every action checked without the tables, in order, then the 4 MB payload limit. */
export function planTransactWrite(transactItems: readonly Request[]): TransactWriteAction[] {
  let payloadBytes = 0;
  const actions = transactItems.map((entry) => {
    const action = planAction(entry);
    payloadBytes += action.kind === 'Put' ? action.itemSizeBytes : itemSizeBytes(action.key);
    return action;
  });
  if (payloadBytes > MAX_TRANSACTION_PAYLOAD_BYTES) {
    throw validationError(
      `Transaction payload size cannot exceed 4MB. Payload Size: ${payloadBytes}`,
    );
  }
  return actions;
}

function planAction(entry: Request | null): TransactWriteAction {
  // An action sent as null counts as an empty one (DynamoDB Local 3.3 answers 500).
  const present = ACTION_KINDS.filter((kind) => entry?.[kind] !== undefined);
  if (present.length === 0) {
    throw validationError(
      'Invalid Request: TransactWriteRequest should contain Delete or Put or Update request',
    );
  }
  if (present.length > 1) {
    throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
  }
  const kind = present[0]!;
  const body = entry![kind] as Request;
  const tableName = body.TableName as string;
  if (kind === 'Update') {
    const update = planItemUpdate(body);
    checkUpdateValuesSize(update);
    return { kind, ...update };
  }
  checkConditionParameters(body);
  if (kind === 'Put') {
    const item = validateItem(body.Item);
    const sizeBytes = checkItemSize(item);
    const condition = planWriteCondition(body);
    const stored = encodeStoredItem(item, sizeBytes);
    return { kind, tableName, item, stored, itemSizeBytes: sizeBytes, condition };
  }
  const key = validateItem(body.Key);
  return { kind, tableName, key, condition: planWriteCondition(body) };
}

/** An action with its table and storage key, or the reason it cannot run. */
interface ResolvedAction {
  readonly action: TransactWriteAction;
  readonly table: TableDefinition;
  readonly key: Item;
  readonly storageKey: Uint8Array | undefined;
  reason: CancellationReason;
  oldStored?: Uint8Array | undefined;
  newStored?: Uint8Array | undefined;
  newItem?: Item | undefined;
  units: number;
}

/** What a transaction that went through consumed and wrote. */
export interface TransactWriteOutcome {
  /** Table units per table, in the order charged (what a ClientRequestToken retry answers with). */
  readonly unitsByTable: Map<string, number>;
  /** Table and index units per table, for ConsumedCapacity. */
  readonly capacity: CapacityTally;
  /** The table and key of every Put, Update and Delete, for ItemCollectionMetrics. */
  readonly writes: ReadonlyArray<{ readonly table: TableDefinition; readonly key: Item }>;
}

/**
 * Runs the planned actions inside `tx`: tables first (ResourceNotFound), then keys (an invalid key
 * cancels with ValidationError), duplicates, conditions and updates; writes only if every action
 * passed, else throws TransactionCanceledException.
 */
export async function executeTransactWrite(
  tx: WriteTransaction,
  actions: readonly TransactWriteAction[],
  nowMs: number,
): Promise<TransactWriteOutcome> {
  const tables: TableDefinition[] = [];
  for (const action of actions) tables.push(await requireTable(tx, action.tableName));
  const resolved = actions.map((action, i) => resolveAction(action, tables[i]!));
  const seen = new Set<string>();
  for (const { storageKey } of resolved) {
    if (storageKey === undefined) continue;
    const id = storageKeyId(storageKey);
    if (seen.has(id)) throw validationError(DUPLICATE_ITEM_MESSAGE);
    seen.add(id);
  }
  for (const entry of resolved) {
    if (entry.storageKey === undefined) continue;
    entry.oldStored = await tx.get(entry.storageKey);
    applyAction(entry);
  }
  if (resolved.some((entry) => entry.reason.Code !== 'None')) {
    throw transactionCanceled(resolved.map((entry) => entry.reason));
  }
  return writeAll(tx, resolved, nowMs);
}

/** Writes every action that passed, tallying table and index units as it goes. */
async function writeAll(
  tx: WriteTransaction,
  resolved: readonly ResolvedAction[],
  nowMs: number,
): Promise<TransactWriteOutcome> {
  const unitsByTable = new Map<string, number>();
  const capacity = new CapacityTally();
  const writes: Array<{ table: TableDefinition; key: Item }> = [];
  for (const entry of resolved) {
    const { action, table, key, units } = entry;
    unitsByTable.set(table.tableName, (unitsByTable.get(table.tableName) ?? 0) + units);
    if (action.kind === 'ConditionCheck') {
      capacity.add(table.tableName, units);
      continue;
    }
    writes.push({ table, key });
    capacity.add(table.tableName, units, table, doubled(await writeEntry(tx, entry, nowMs)));
  }
  return { unitsByTable, capacity, writes };
}

/** Writes one action's change; returns the index write units it consumed. */
async function writeEntry(
  tx: WriteTransaction,
  entry: ResolvedAction,
  nowMs: number,
): Promise<IndexWriteUnits> {
  const { action, table, storageKey, oldStored, newStored } = entry;
  if (newStored === undefined && oldStored === undefined) return {};
  const change = { table, storageKey: storageKey!, oldStored, newStored, nowMs };
  // An Update's index key errors are worded as UpdateItem's UpdateExpression words them.
  const writtenBy = action.kind === 'Update' ? ({ writtenBy: 'UpdateExpression' } as const) : {};
  const { indexWriteUnits } = await writeItemChange(tx, { ...change, ...writtenBy });
  return indexWriteUnits;
}

/** A transaction costs double on every index too (measured on DynamoDB Local 3.3). */
function doubled(indexUnits: IndexWriteUnits): IndexWriteUnits {
  const out: Record<string, number> = {};
  for (const [indexName, units] of Object.entries(indexUnits)) out[indexName] = 2 * units;
  return out;
}

function resolveAction(action: TransactWriteAction, table: TableDefinition): ResolvedAction {
  const base = { action, table, reason: { Code: 'None' } as CancellationReason, units: 0 };
  try {
    const { key, storageKey } =
      action.kind === 'Put' ? keyFromItem(table, action.item) : keyFromKeyMap(table, action.key);
    checkConditionKeyPaths(action.condition, table);
    return { ...base, key, storageKey };
  } catch (error) {
    return { ...base, key: {}, storageKey: undefined, reason: reasonFor(error, action) };
  }
}

/**
 * The pure step of one action: its condition, new item and units, or its cancellation reason. The
 * new item's index keys are checked as DynamoDB Local 3.3 does: a Put's before its condition, an
 * Update's after it.
 */
function applyAction(entry: ResolvedAction): void {
  const { action } = entry;
  if (action.kind === 'Put' && !indexKeysAccepted(entry, action.item)) return;
  applyActionCondition(entry);
  if (action.kind === 'Update' && entry.reason.Code === 'None') {
    indexKeysAccepted(entry, entry.newItem!);
  }
}

/**
 * A new item's index key of the wrong type cancels its action (ValidationError reason); an empty
 * string or binary index key fails the whole request with a plain ValidationException, thrown
 * even when other actions have already failed (measured on DynamoDB Local 3.3).
 */
function indexKeysAccepted(entry: ResolvedAction, item: Item): boolean {
  const mismatch = maintainedIndexes(entry.table).some((index) =>
    indexKeyAttributes(index).some((attribute) => {
      const value = attributeOf(item, attribute.name);
      return value !== undefined && !(attribute.type in value);
    }),
  );
  if (mismatch) {
    entry.reason = { Code: 'ValidationError', Message: INDEX_KEY_TYPE_MISMATCH_MESSAGE };
    return false;
  }
  checkIndexKeys(entry.table, item, entry.action.kind === 'Update');
  return true;
}

function applyActionCondition(entry: ResolvedAction): void {
  const { action, oldStored } = entry;
  const oldSizeBytes = oldStored === undefined ? undefined : storedItemSizeBytes(oldStored);
  try {
    const oldItem = oldStored === undefined ? undefined : decodeStoredItem(oldStored);
    if (action.kind === 'Update') {
      const outcome = applyItemUpdate(action, entry.table, entry.key, oldItem);
      entry.newItem = outcome.item;
      entry.newStored = encodeStoredItem(outcome.item, outcome.itemSizeBytes);
      entry.units = 2 * writeUnits(oldSizeBytes, outcome.itemSizeBytes);
      return;
    }
    checkWriteCondition(action.condition, oldItem);
    if (action.kind === 'Put') {
      entry.newStored = action.stored;
      entry.units = 2 * writeUnits(oldSizeBytes, action.itemSizeBytes);
    } else if (action.kind === 'ConditionCheck') {
      entry.units = 2 * readUnits(oldSizeBytes, true);
    } else {
      // A delete of an absent item costs 1 unit, not 2 (measured on DynamoDB Local 3.3).
      entry.units = oldSizeBytes === undefined ? 1 : 2 * writeUnits(oldSizeBytes, undefined);
    }
  } catch (error) {
    entry.reason = reasonFor(error, action);
  }
}

/** Turns an action's failure into its CancellationReasons entry; anything else is rethrown. */
function reasonFor(error: unknown, action: TransactWriteAction): CancellationReason {
  if (!(error instanceof DynamoDbError)) throw error;
  if (error.type === 'ValidationException') {
    return { Code: 'ValidationError', Message: error.message };
  }
  if (error.type !== 'ConditionalCheckFailedException') throw error;
  // DynamoDB words a failed ConditionCheck with a final period; the other actions without.
  const suffix = action.kind === 'ConditionCheck' ? '.' : '';
  const reason: CancellationReason = {
    Code: 'ConditionalCheckFailed',
    Message: `${error.message}${suffix}`,
  };
  const item = error.extra?.Item as Item | undefined;
  if (item !== undefined) reason.Item = item;
  return reason;
}

/** DynamoDB's TransactionCanceledException: the codes in the message, one reason per action. */
export function transactionCanceled(reasons: readonly CancellationReason[]): DynamoDbError {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  return new DynamoDbError(
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    { CancellationReasons: reasons },
  );
}
