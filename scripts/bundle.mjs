#!/usr/bin/env node
// Bundles the `openddb` command into dist/bundle/ (esbuild, ESM, one file per entry plus lazily
// loaded chunks): Node resolves and compiles ~70 modules before the first answer otherwise, which
// cost ~30 ms of start-up (docs/performance.md). lmdb stays external: it loads a native addon.

import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist/bundle`;

rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  // The cluster primary forks `./worker-main.js` next to its own file: entries and chunks share
  // one flat directory so that path holds from any chunk.
  entryPoints: ['src/cli/main.ts', 'src/cluster/worker-main.ts'],
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['lmdb'],
  sourcemap: true,
  logLevel: 'warning',
});
