// ListTagsOfResource: a table's tags in the order they were added, paged by NextToken.

import { requireTaggedTable, checkResourceArn } from '../core/tagged-resource.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

/** Tags per page; the NextToken is the position of the next tag. */
export const TAGS_PAGE_SIZE = 10;

function pageStart(nextToken: string | undefined): number {
  if (nextToken === undefined) return 0;
  const start = /^\d{1,3}$/.test(nextToken) ? Number(nextToken) : Number.NaN;
  if (Number.isNaN(start)) throw validationError(`Invalid NextToken: ${nextToken}`);
  return start;
}

export const listTagsOfResource: Operation = {
  name: 'ListTagsOfResource',
  async execute(body, context) {
    const resourceArn = body.ResourceArn as string | undefined;
    checkResourceArn('ListTagsOfResource', resourceArn, context.config);
    const start = pageStart(body.NextToken as string | undefined);
    const table = await context.store.read((tx) =>
      requireTaggedTable(tx, 'ListTagsOfResource', resourceArn, context.config),
    );
    const end = start + TAGS_PAGE_SIZE;
    const tags = table.tags.slice(start, end);
    return end < table.tags.length ? { Tags: tags, NextToken: String(end) } : { Tags: tags };
  },
};
