// An operation known by name up front whose module loads on first use (fast server start-up).

import type { Operation } from './operation.js';

export interface LazyOperation {
  /** The X-Amz-Target operation name, e.g. `PutItem`. */
  readonly name: string;
  /** The operation, loading its module the first time; later calls return the cached one. */
  load(): Operation | Promise<Operation>;
}

/**
 * `load` runs at most once per process (a failed load is retried on the next request). Once
 * loaded, the operation is returned synchronously, so the hot path pays no extra await.
 */
export function lazyOperation(name: string, load: () => Promise<Operation>): LazyOperation {
  let loaded: Operation | undefined;
  let loading: Promise<Operation> | undefined;
  return {
    name,
    load() {
      if (loaded !== undefined) return loaded;
      loading ??= load().then(
        (operation) => (loaded = operation),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      return loading;
    },
  };
}
