// Replays the PartiQL corpus (test/corpus-partiql/*.json, recorded from DynamoDB Local) in order.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PartiqlFixture, partiqlCorpusFiles, readPartiqlCorpus } from '../corpus-partiql/replay.js';
import { startTarget, type TestTarget } from '../helpers/server.js';

const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

for (const fileName of partiqlCorpusFiles()) {
  const file = readPartiqlCorpus(fileName);
  describe(`PartiQL corpus: ${fileName} (${file.description})`, () => {
    let target: TestTarget;
    let fixture: PartiqlFixture;

    before(async () => {
      target = await startTarget();
      fixture = new PartiqlFixture(target.endpoint, file, runId);
      await fixture.setUp();
    });

    after(async () => {
      await fixture?.tearDown();
      await target?.close();
    });

    file.cases.forEach((testCase, i) => {
      test(`${i}: ${JSON.stringify(testCase.body)}`, async () => {
        assert.ok(testCase.expect, 'run scripts/record-partiql-corpus.ts to record this case');
        assert.deepEqual(await fixture.replay(testCase), testCase.expect);
      });
    });
  });
}
