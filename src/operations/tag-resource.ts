// TagResource: adds or overwrites tags of a table named by its ARN.

import { putTable } from '../core/catalog.js';
import type { Tag } from '../core/table-definition.js';
import { checkNewTags, mergeTags } from '../core/table-tags.js';
import { checkResourceArn, requireTaggedTable } from '../core/tagged-resource.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { Operation } from './operation.js';

export const tagResource: Operation = {
  name: 'TagResource',
  async execute(body, context) {
    const resourceArn = body.ResourceArn as string | undefined;
    const tags = body.Tags as Tag[];
    checkResourceArn('TagResource', resourceArn, context.config, { name: 'tags', value: tags });
    if (tags.length === 0) throw validationError('Atleast one Tag needs to be provided as Input.');
    checkNewTags(tags);
    await context.store.write(async (tx) => {
      const table = await requireTaggedTable(tx, 'TagResource', resourceArn, context.config);
      putTable(tx, { ...table, tags: mergeTags(table.tags, tags) });
    });
    return {};
  },
};
