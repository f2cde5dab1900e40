// One page of a Query or Scan: walk a key range, stop at Limit or 1 MB, filter, project, count, charge.

import { projectItem, type CompiledCondition, type DocumentPath } from '../expressions/api.js';
import { attributeOf, setAttribute, type Item } from '../model/attribute-value.js';
import type { ReadTransaction } from '../storage/engine.js';
import { consumedCapacity, indexedCapacity, readUnits, wantsCapacity } from './capacity.js';
import { isEmptyRange, type KeyRange } from './item-range.js';
import {
  decodeStoredItem,
  storedItemJsonBytes,
  pushJsonArray,
  storedItemSizeBytes,
  type JsonPiece,
} from './stored-item.js';
import type { SecondaryIndexDefinition, TableDefinition } from './table-definition.js';

/** DynamoDB stops a page once the items read reach 1 MB (the item that crosses it included). */
export const MAX_PAGE_BYTES = 1024 * 1024;
const READ_UNIT_BYTES = 4096;

export interface PageSpec {
  readonly range: KeyRange;
  readonly reverse: boolean;
  readonly limit: number | undefined;
  readonly filter: CompiledCondition | undefined;
  readonly projection: readonly DocumentPath[] | undefined;
  readonly countOnly: boolean;
  /** The table's key attribute names, for LastEvaluatedKey. */
  readonly keyNames: readonly string[];
  /**
   * False for a Query of a table without sort key: it reads at most one item and DynamoDB never
   * returns a LastEvaluatedKey for it.
   */
  readonly resumable: boolean;
  /**
   * Reading a local secondary index for attributes it does not project: the base item of each
   * entry, which the page returns and filters instead of the entry, charged to the table.
   */
  readonly fetchBase?: (entry: Uint8Array) => Promise<Uint8Array | undefined>;
  /** The base item is fetched only to filter: the page returns the entry (a Scan of an LSI). */
  readonly filterBaseOnly?: boolean;
  readonly consistentRead?: boolean;
}

export interface Page {
  /** Items as wire JSON: the stored bytes as they are when nothing reshapes them, else text. */
  readonly itemsJson: JsonPiece[];
  readonly count: number;
  readonly scannedCount: number;
  /** Sum of the sizes of all items read, before filtering: what DynamoDB charges. */
  readonly readSizeBytes: number;
  /** Table read units of the base items fetched for an LSI read (DynamoDB charges each item). */
  readonly fetchReadUnits: number;
  readonly lastEvaluatedKey: Item | undefined;
}

export async function readPage(tx: ReadTransaction, spec: PageSpec): Promise<Page> {
  const page = {
    itemsJson: [] as JsonPiece[],
    count: 0,
    scannedCount: 0,
    readSizeBytes: 0,
    fetchReadUnits: 0,
  };
  let last: Uint8Array | undefined;
  let stopped = false;
  if (!isEmptyRange(spec.range)) {
    const { start, end } = spec.range;
    for await (const entry of tx.scan({ start, end, reverse: spec.reverse, limit: spec.limit })) {
      page.scannedCount++;
      page.readSizeBytes += storedItemSizeBytes(entry.value);
      const item = spec.fetchBase === undefined ? entry.value : await spec.fetchBase(entry.value);
      if (item !== undefined) {
        if (item !== entry.value) {
          page.fetchReadUnits += readUnits(storedItemSizeBytes(item), spec.consistentRead === true);
        }
        addItem(page, spec, item, spec.filterBaseOnly === true ? entry.value : item);
      }
      last = entry.value;
      if (page.scannedCount === spec.limit || page.readSizeBytes >= MAX_PAGE_BYTES) {
        stopped = true;
        break;
      }
    }
  }
  return {
    itemsJson: page.itemsJson,
    count: page.count,
    scannedCount: page.scannedCount,
    readSizeBytes: page.readSizeBytes,
    fetchReadUnits: page.fetchReadUnits,
    lastEvaluatedKey:
      stopped && spec.resumable && last !== undefined ? keyOf(last, spec.keyNames) : undefined,
  };
}

/** Filters `stored` and returns `returned` (the same item, unless only the filter read the base). */
function addItem(
  page: { itemsJson: JsonPiece[]; count: number },
  spec: PageSpec,
  stored: Uint8Array,
  returned: Uint8Array,
): void {
  if (spec.filter === undefined && spec.projection === undefined) {
    page.count++;
    if (!spec.countOnly) page.itemsJson.push(storedItemJsonBytes(returned));
    return;
  }
  const item = decodeStoredItem(stored);
  if (spec.filter !== undefined && !spec.filter.matches(item)) return;
  page.count++;
  if (spec.countOnly) return;
  if (spec.projection === undefined && returned !== stored) {
    page.itemsJson.push(storedItemJsonBytes(returned));
    return;
  }
  const shown = returned === stored ? item : decodeStoredItem(returned);
  const shaped = spec.projection === undefined ? shown : projectItem(shown, spec.projection);
  page.itemsJson.push(JSON.stringify(shaped));
}

function keyOf(stored: Uint8Array, keyNames: readonly string[]): Item {
  const item = decodeStoredItem(stored);
  const key: Item = {};
  for (const name of keyNames) setAttribute(key, name, attributeOf(item, name)!);
  return key;
}

/**
 * Query and Scan charge the summed size of every item read (filtered out or not), rounded up to
 * 4 KB once per request, halved when eventually consistent; nothing read costs nothing
 * (measured on DynamoDB Local 3.3).
 */
export function pageReadUnits(readSizeBytes: number, consistentRead: boolean): number {
  const units = Math.ceil(readSizeBytes / READ_UNIT_BYTES);
  return consistentRead ? units : units / 2;
}

/**
 * The response's pieces, spliced by hand so stored items go out without a parse and re-stringify
 * (nor a decode to text and back).
 */
export function pageResponsePieces(
  page: Page,
  spec: { readonly countOnly: boolean; readonly consistentRead: boolean },
  tableName: string,
  capacityMode: unknown,
  source?: {
    readonly table: TableDefinition;
    readonly index: SecondaryIndexDefinition | undefined;
  },
): JsonPiece[] {
  const pieces: JsonPiece[] = [];
  if (!spec.countOnly) {
    pieces.push('{"Items":');
    pushJsonArray(pieces, page.itemsJson);
    pieces.push(',');
  } else {
    pieces.push('{');
  }
  let rest = `"Count":${page.count},"ScannedCount":${page.scannedCount}`;
  if (page.lastEvaluatedKey !== undefined) {
    rest += `,"LastEvaluatedKey":${JSON.stringify(page.lastEvaluatedKey)}`;
  }
  if (wantsCapacity(capacityMode)) {
    const units = pageReadUnits(page.readSizeBytes, spec.consistentRead);
    const index = source?.index;
    const capacity =
      index === undefined
        ? consumedCapacity(capacityMode, tableName, units)
        : {
            ...indexedCapacity(capacityMode, source!.table, page.fetchReadUnits, {
              [index.indexName]: units,
            }),
            TableName: tableName,
          };
    rest += `,"ConsumedCapacity":${JSON.stringify(capacity)}`;
  }
  pieces.push(rest, '}');
  return pieces;
}
