// Key attributes are scalars: no expression may look inside them with `.` or `[]`.

import { validationError } from '../errors/dynamodb-error.js';
import type { DocumentPath } from '../expressions/api.js';
import { keyAttributeNames } from './item-keys.js';
import type { TableDefinition } from './table-definition.js';

/**
 * DynamoDB's error for a document path that goes inside a key attribute (checked once the table is
 * known), which DynamoDB Local 3.3 applies to the keys of every secondary index of the table too
 * (`IndexKey: g`), whichever index the request uses, in reads and writes alike. Each list of paths is checked in
 * turn; within one, the table keys first, then the LSI sort keys, then the GSI keys by index name.
 */
export function assertScalarTableKeyPaths(
  table: TableDefinition,
  ...pathLists: ReadonlyArray<readonly DocumentPath[] | undefined>
): void {
  const tableKeys = keyAttributeNames(table);
  const indexes = table.indexes ?? [];
  const indexKeys = [
    ...indexes.filter((index) => index.kind === 'local'),
    ...indexes
      .filter((index) => index.kind === 'global')
      .sort((a, b) => (a.indexName < b.indexName ? -1 : 1)),
  ].flatMap((index) => [...index.partitionKey, ...index.sortKey].map((key) => key.name));
  for (const paths of pathLists) {
    const inside = new Set(paths?.filter((p) => p.length > 1).map((p) => p[0] as string));
    const key = tableKeys.find((name) => inside.has(name));
    if (key !== undefined) throw notScalar('Key', key);
    const indexKey = indexKeys.find((name) => inside.has(name));
    if (indexKey !== undefined) throw notScalar('IndexKey', indexKey);
  }
}

function notScalar(kind: 'Key' | 'IndexKey', name: string): Error {
  return validationError(
    "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " +
      `${kind}: ${name}`,
  );
}
