// Runs the storage conformance suite against the in-memory engine.

import { openMemoryEngine } from '../../src/storage/memory/memory-engine.js';
import { runConformance } from './conformance.js';

runConformance('memory', () => {
  const engine = openMemoryEngine();
  return Promise.resolve({ engine, dispose: () => engine.close() });
});
