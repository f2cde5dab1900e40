// Records the expression corpus's expectations from a reference server (DynamoDB Local).
//
//   DYNAMODB_ENDPOINT=http://127.0.0.1:8001 npx tsx scripts/record-corpus.ts [file.json …]
//
// Replays every case of test/corpus/*.json and rewrites its `expect` with the normalised answer.
// Cases marked `deviation` keep their hand-stated expectation (DynamoDB's answer, which DynamoDB
// Local does not give); the recorder only reports whether DynamoDB Local still differs.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { format, resolveConfig } from 'prettier';
import {
  CORPUS_DIR,
  CorpusFixture,
  corpusFileNames,
  readCorpusFile,
} from '../test/corpus/replay.js';

const endpoint = process.env.DYNAMODB_ENDPOINT;
if (!endpoint) {
  console.error('set DYNAMODB_ENDPOINT to the reference server (DynamoDB Local)');
  process.exit(2);
}

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : corpusFileNames();
const runId = `rec-${Date.now().toString(36)}`;

for (const fileName of files) {
  const file = readCorpusFile(fileName);
  const fixture = new CorpusFixture(endpoint, file, runId);
  await fixture.setUp();
  let changed = 0;
  try {
    for (const testCase of file.cases) {
      const outcome = await fixture.replay(testCase);
      if (testCase.deviation !== undefined) {
        if (isDeepStrictEqual(outcome, testCase.expect)) {
          console.log(`${fileName}: "${testCase.name}" no longer deviates`);
        }
        continue;
      }
      if (!isDeepStrictEqual(outcome, testCase.expect)) changed++;
      testCase.expect = outcome;
    }
  } finally {
    await fixture.tearDown();
  }
  // Written in the repository's formatter style, so `npm run format:check` stays clean.
  const path = join(CORPUS_DIR, fileName);
  const style = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(JSON.stringify(file), { ...style, filepath: path }));
  console.log(`${fileName}: ${file.cases.length} cases, ${changed} expectation(s) changed`);
}
