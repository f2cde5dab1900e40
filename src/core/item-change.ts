// One change to one item, as every write path makes it, with its old and new item decoded lazily.

import type { Item } from '../model/attribute-value.js';
import { decodeStoredItem } from './stored-item.js';
import type { TableDefinition } from './table-definition.js';

/** Who made a change: a client request, or the service itself (TTL deletes, as DynamoDB says). */
export type ChangeOrigin = 'user' | 'ttl';

export interface ItemChange {
  readonly table: TableDefinition;
  /** The item's storage key (from `src/core/item-keys.ts`). */
  readonly storageKey: Uint8Array;
  /** The stored old item as read in this transaction; undefined when there was none. */
  readonly oldStored: Uint8Array | undefined;
  /** The stored new item (`encodeStoredItem`); undefined to delete the item. */
  readonly newStored: Uint8Array | undefined;
  readonly origin?: ChangeOrigin;
  /** Set by UpdateItem's UpdateExpression: DynamoDB words index key errors differently for it. */
  readonly writtenBy?: 'UpdateExpression';
  /** Epoch milliseconds of the change (stream records, TTL). */
  readonly nowMs: number;
}

/** A change with its old and new item decoded once, for whichever derived writer needs them. */
export class DecodedChange {
  private oldItemCache: Item | undefined | null = null;
  private newItemCache: Item | undefined | null = null;

  constructor(readonly change: ItemChange) {}

  get oldItem(): Item | undefined {
    if (this.oldItemCache === null) {
      const { oldStored } = this.change;
      this.oldItemCache = oldStored === undefined ? undefined : decodeStoredItem(oldStored);
    }
    return this.oldItemCache;
  }

  get newItem(): Item | undefined {
    if (this.newItemCache === null) {
      const { newStored } = this.change;
      this.newItemCache = newStored === undefined ? undefined : decodeStoredItem(newStored);
    }
    return this.newItemCache;
  }
}
