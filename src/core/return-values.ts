// UpdateItem's ReturnValues: which attributes, from the old or the new item, the response carries.

import { projectItem, type DocumentPath } from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';

export type UpdateReturnValues = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

/**
 * The `Attributes` of an UpdateItem response, or undefined when there are none to send.
 * UPDATED_* project the item onto the paths the update named, as DynamoDB does (`SET a.b = :v`
 * returns `{a: {b: …}}`, not all of `a`); a path absent from the item contributes nothing, and
 * DynamoDB leaves `Attributes` out rather than sending an empty map.
 */
export function updateReturnAttributes(
  mode: UpdateReturnValues,
  oldItem: Item | undefined,
  newItem: Item,
  updatedPaths: readonly DocumentPath[],
): Item | undefined {
  switch (mode) {
    case 'NONE':
      return undefined;
    case 'ALL_OLD':
      return oldItem;
    case 'ALL_NEW':
      return newItem;
    case 'UPDATED_OLD':
      return oldItem === undefined ? undefined : nonEmpty(projectItem(oldItem, updatedPaths));
    case 'UPDATED_NEW':
      return nonEmpty(projectItem(newItem, updatedPaths));
  }
}

function nonEmpty(item: Item): Item | undefined {
  return Object.keys(item).length === 0 ? undefined : item;
}
