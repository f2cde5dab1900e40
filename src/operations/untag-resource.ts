// UntagResource: removes tags (by key) from a table named by its ARN; unknown keys are ignored.

import { putTable } from '../core/catalog.js';
import { removeTags } from '../core/table-tags.js';
import { checkResourceArn, requireTaggedTable } from '../core/tagged-resource.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

export const untagResource: Operation = {
  name: 'UntagResource',
  async execute(body, context) {
    const resourceArn = body.ResourceArn as string | undefined;
    const tagKeys = body.TagKeys as string[];
    checkResourceArn('UntagResource', resourceArn, context.config, {
      name: 'tagKeys',
      value: tagKeys,
    });
    if (tagKeys.length === 0)
      throw validationError('Atleast one Tag Key needs to be provided as Input.');
    await context.store.write(async (tx) => {
      const table = await requireTaggedTable(tx, 'UntagResource', resourceArn, context.config);
      putTable(tx, { ...table, tags: removeTags(table.tags, tagKeys) });
    });
    return {};
  },
};
