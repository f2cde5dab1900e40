// Records the PartiQL corpus's expectations from a reference server (DynamoDB Local).
//
//   DYNAMODB_ENDPOINT=http://127.0.0.1:8001 npx tsx scripts/record-partiql-corpus.ts [--missing] [file.json …]
//
// Replays every case of test/corpus-partiql/*.json (or the files named) in order and rewrites its
// `expect`; with --missing, recorded expectations are kept and only new cases get one (every case
// still runs, since earlier writes shape what later cases see).

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

const onlyMissing = process.argv.includes('--missing');
const requested = process.argv.slice(2).filter((arg) => arg !== '--missing');
for (const fileName of requested.length > 0 ? requested : partiqlCorpusFiles()) {
  const file = readPartiqlCorpus(fileName);
  const fixture = new PartiqlFixture(endpoint, file, `rec-${Date.now().toString(36)}`);
  await fixture.setUp();
  try {
    for (const testCase of file.cases) {
      const answer = (await fixture.replay(testCase)) as unknown;
      if (!onlyMissing || testCase.expect === undefined) testCase.expect = answer;
    }
  } finally {
    await fixture.tearDown();
  }
  const path = join(PARTIQL_CORPUS_DIR, fileName);
  const style = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(JSON.stringify(file), { ...style, filepath: path }));
  console.log(`${fileName}: ${file.cases.length} cases recorded`);
}
