// Tag rules shared by CreateTable and TagResource, and the merge/removal of a table's tags.

import { DynamoDbError, validationError } from '../errors/dynamodb-error.js';
import type { Tag } from './table-definition.js';
import { INVALID } from './table-settings.js';

/** DynamoDB's limit of user tags on one resource. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** AWS tagging rules: Unicode letters, digits, white space and `_ . : / = + - @`. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Checks keys and values of tags being added (lengths are checked by the request shape). */
export function checkNewTags(tags: ReadonlyArray<Tag>): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    // Reserved in any letter case (AWS tagging rules).
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw validationError("User-defined tag keys can not start with reserved prefix 'aws:'");
    }
    if (!TAG_CHARACTERS.test(tag.Key) || !TAG_CHARACTERS.test(tag.Value)) {
      throw validationError(
        INVALID +
          'Tag keys and values may only contain Unicode letters, digits, white space, and _ . : / = + - @',
      );
    }
    if (seen.has(tag.Key)) throw validationError(`${INVALID}Duplicate tag key: ${tag.Key}`);
    seen.add(tag.Key);
  }
}

/** `current` with `added` applied: existing keys take the new value in place, new keys append. */
export function mergeTags(current: ReadonlyArray<Tag>, added: ReadonlyArray<Tag>): Tag[] {
  const merged = current.map((tag) => ({ ...tag }));
  for (const tag of added) {
    const existing = merged.find((candidate) => candidate.Key === tag.Key);
    if (existing === undefined) merged.push({ Key: tag.Key, Value: tag.Value });
    else existing.Value = tag.Value;
  }
  if (merged.length > MAX_TAGS_PER_RESOURCE) {
    throw new DynamoDbError(
      'LimitExceededException',
      `The number of tags on the resource exceeds the limit of ${MAX_TAGS_PER_RESOURCE}`,
    );
  }
  return merged;
}

export function removeTags(current: ReadonlyArray<Tag>, keys: ReadonlyArray<string>): Tag[] {
  const removed = new Set(keys);
  return current.filter((tag) => !removed.has(tag.Key));
}
