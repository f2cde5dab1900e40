// Replays the expression corpus (test/corpus/*.json, recorded from DynamoDB Local) against the target.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CorpusFixture, corpusFileNames, readCorpusFile } from '../corpus/replay.js';
import { dynamoDbLocalDeviates, startTarget, type TestTarget } from '../helpers/server.js';

const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

for (const fileName of corpusFileNames()) {
  const file = readCorpusFile(fileName);
  describe(`expression corpus: ${fileName} (${file.description})`, () => {
    let target: TestTarget;
    let fixture: CorpusFixture;

    before(async () => {
      target = await startTarget();
      fixture = new CorpusFixture(target.endpoint, file, runId);
      await fixture.setUp();
    });

    after(async () => {
      await fixture?.tearDown();
      await target?.close();
    });

    for (const testCase of file.cases) {
      const options =
        testCase.deviation === undefined ? {} : dynamoDbLocalDeviates(testCase.deviation);
      test(testCase.name, options, async () => {
        assert.ok(testCase.expect, 'run scripts/record-corpus.ts to record this case');
        const outcome = await fixture.replay(testCase);
        assert.deepEqual(outcome, testCase.expect, JSON.stringify(testCase.request));
      });
    }
  });
}
