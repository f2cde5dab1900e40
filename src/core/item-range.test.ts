import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompiledKeyCondition } from '../expressions/api.js';
import type { AttributeValue } from '../model/attribute-value.js';
import { encodeItemKey } from '../model/key-encoding.js';
import {
  compareBytes,
  isEmptyRange,
  keyConditionRange,
  rangeAfter,
  rangeContains,
  segmentRange,
  tableRange,
} from './item-range.js';
import { KeyPrefix, tableKeyPrefix } from './keyspace.js';

const TABLE = 7;
const prefix = tableKeyPrefix(KeyPrefix.items, TABLE);
const pk: AttributeValue = { S: 'p' };
const key = (sk: AttributeValue, partition = pk): Uint8Array =>
  encodeItemKey(prefix, partition, sk);

/** Sort keys (in DynamoDB order) that each range test selects from. */
const NUMBERS = ['-10', '-1.5', '0', '1', '1.5', '2', '10', '100'].map((n) => ({ N: n }));
const STRINGS = ['', 'a', 'ab', 'abc', 'abd', 'b', 'b\u00ff', 'ba'].slice(1).map((s) => ({ S: s }));

function selected(condition: CompiledKeyCondition, candidates: AttributeValue[]): AttributeValue[] {
  const range = keyConditionRange(TABLE, condition);
  return candidates.filter((sk) => rangeContains(range, key(sk)));
}

function sortCondition(sortKey: CompiledKeyCondition['sortKey']): CompiledKeyCondition {
  return { partitionKey: { name: 'pk', value: pk }, sortKey };
}

test('sort-key comparisons select exactly the matching numbers', () => {
  const n = (text: string): AttributeValue => ({ N: text });
  const cases: Array<[CompiledKeyCondition['sortKey'], string[]]> = [
    [{ name: 'sk', op: '=', value: n('1') }, ['1']],
    [{ name: 'sk', op: '<', value: n('1') }, ['-10', '-1.5', '0']],
    [{ name: 'sk', op: '<=', value: n('1') }, ['-10', '-1.5', '0', '1']],
    [{ name: 'sk', op: '>', value: n('1') }, ['1.5', '2', '10', '100']],
    [{ name: 'sk', op: '>=', value: n('1.5') }, ['1.5', '2', '10', '100']],
    [{ name: 'sk', op: 'BETWEEN', low: n('-1.5'), high: n('2') }, ['-1.5', '0', '1', '1.5', '2']],
  ];
  for (const [sortKey, expected] of cases) {
    const got = selected(sortCondition(sortKey), NUMBERS).map((v) => (v as { N: string }).N);
    assert.deepEqual(got, expected, JSON.stringify(sortKey));
  }
});

test('begins_with is a byte-prefix range; = does not match longer strings', () => {
  const s = (text: string): AttributeValue => ({ S: text });
  const texts = (values: AttributeValue[]): string[] => values.map((v) => (v as { S: string }).S);
  assert.deepEqual(
    texts(selected(sortCondition({ name: 'sk', op: 'begins_with', prefix: s('ab') }), STRINGS)),
    ['ab', 'abc', 'abd'],
  );
  assert.deepEqual(
    texts(selected(sortCondition({ name: 'sk', op: 'begins_with', prefix: s('b') }), STRINGS)),
    ['b', 'b\u00ff', 'ba'],
  );
  assert.deepEqual(
    texts(selected(sortCondition({ name: 'sk', op: '=', value: s('ab') }), STRINGS)),
    ['ab'],
  );
});

test('a partition range holds no other partition', () => {
  const range = keyConditionRange(TABLE, sortCondition(undefined));
  assert.ok(rangeContains(range, key({ N: '1' })));
  assert.ok(!rangeContains(range, key({ N: '1' }, { S: 'p2' })));
  assert.ok(!rangeContains(range, key({ N: '1' }, { S: 'q' })));
});

test('rangeAfter resumes strictly after the start key, either way', () => {
  const range = keyConditionRange(TABLE, sortCondition(undefined));
  const forward = rangeAfter(range, key({ N: '1' }), false);
  assert.deepEqual(
    NUMBERS.filter((sk) => rangeContains(forward, key(sk))).map((v) => v.N),
    ['1.5', '2', '10', '100'],
  );
  const backward = rangeAfter(range, key({ N: '1' }), true);
  assert.deepEqual(
    NUMBERS.filter((sk) => rangeContains(backward, key(sk))).map((v) => v.N),
    ['-10', '-1.5', '0'],
  );
  const eq = keyConditionRange(TABLE, sortCondition({ name: 'sk', op: '=', value: { N: '1' } }));
  assert.ok(isEmptyRange(rangeAfter(eq, key({ N: '1' }), false)));
  assert.ok(isEmptyRange(rangeAfter(eq, key({ N: '1' }), true)));
});

test('segments are disjoint, ordered and cover the whole table range', () => {
  for (const total of [1, 2, 3, 7, 16, 1000, 1_000_000]) {
    const table = tableRange(TABLE);
    const first = segmentRange(TABLE, 0, total);
    const last = segmentRange(TABLE, total - 1, total);
    assert.ok(compareBytes(first.start, table.start) >= 0);
    assert.ok(compareBytes(first.start, prefix) >= 0);
    assert.deepEqual(last.end, table.end);
    for (const segment of [0, Math.floor(total / 2), total - 2].filter(
      (s) => s >= 0 && s < total - 1,
    )) {
      const here = segmentRange(TABLE, segment, total);
      const next = segmentRange(TABLE, segment + 1, total);
      assert.deepEqual(here.end, next.start);
      assert.ok(!isEmptyRange(here));
    }
  }
  // Every key falls in exactly one segment.
  const keys = Array.from({ length: 200 }, (_, i) => encodeItemKey(prefix, { S: `k${i}` }));
  for (const total of [1, 2, 5, 13]) {
    for (const k of keys) {
      const hits = Array.from({ length: total }, (_, s) => segmentRange(TABLE, s, total)).filter(
        (r) => rangeContains(r, k),
      );
      assert.equal(hits.length, 1);
    }
  }
});
