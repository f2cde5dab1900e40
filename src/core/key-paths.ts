// Key attributes are scalars: no expression may look inside them with `.` or `[]`.

import { validationError } from '../errors/dynamodb-error.js';
import type { DocumentPath } from '../expressions/api.js';

/** DynamoDB's error for a document path that goes inside a key attribute (checked once the table is known). */
export function assertScalarKeyPaths(
  paths: readonly DocumentPath[] | undefined,
  keyNames: readonly string[],
): void {
  const path = paths?.find((p) => p.length > 1 && keyNames.includes(p[0] as string));
  if (path === undefined) return;
  throw validationError(
    "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " +
      `Key: ${String(path[0])}`,
  );
}
