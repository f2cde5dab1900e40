// Records the PartiQL corpus's expectations from a reference server (DynamoDB Local).
//
//   DYNAMODB_ENDPOINT=http://127.0.0.1:8001 npx tsx scripts/record-partiql-corpus.ts [file.json …]
//
// Replays every case of test/corpus-partiql/*.json in order and rewrites its `expect`.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  PARTIQL_CORPUS_DIR,
  PartiqlFixture,
  partiqlCorpusFiles,
  readPartiqlCorpus,
} from '../test/corpus-partiql/replay.js';

const endpoint = process.env.DYNAMODB_ENDPOINT;
if (!endpoint) {
  console.error('set DYNAMODB_ENDPOINT to the reference server (DynamoDB Local)');
  process.exit(2);
}

const requested = process.argv.slice(2);
for (const fileName of requested.length > 0 ? requested : partiqlCorpusFiles()) {
  const file = readPartiqlCorpus(fileName);
  const fixture = new PartiqlFixture(endpoint, file, `rec-${Date.now().toString(36)}`);
  await fixture.setUp();
  try {
    for (const testCase of file.cases)
      testCase.expect = (await fixture.replay(testCase)) as unknown;
  } finally {
    await fixture.tearDown();
  }
  const path = join(PARTIQL_CORPUS_DIR, fileName);
  const style = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(JSON.stringify(file), { ...style, filepath: path }));
  console.log(`${fileName}: ${file.cases.length} cases recorded`);
}
