import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkNewTags, MAX_TAGS_PER_RESOURCE, mergeTags, removeTags } from './table-tags.js';

test('mergeTags overwrites in place and appends new keys', () => {
  const merged = mergeTags(
    [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ],
    [
      { Key: 'a', Value: '3' },
      { Key: 'c', Value: '' },
    ],
  );
  assert.deepEqual(merged, [
    { Key: 'a', Value: '3' },
    { Key: 'b', Value: '2' },
    { Key: 'c', Value: '' },
  ]);
});

test('mergeTags refuses more than the limit', () => {
  const full = Array.from({ length: MAX_TAGS_PER_RESOURCE }, (_, i) => ({
    Key: `k${i}`,
    Value: '',
  }));
  assert.throws(() => mergeTags(full, [{ Key: 'extra', Value: '' }]), {
    name: 'LimitExceededException',
  });
  assert.equal(mergeTags(full, [{ Key: 'k1', Value: 'x' }]).length, MAX_TAGS_PER_RESOURCE);
});

test('removeTags ignores unknown keys', () => {
  assert.deepEqual(removeTags([{ Key: 'a', Value: '1' }], ['a', 'zz']), []);
});

test('checkNewTags: reserved prefix, characters, duplicates', () => {
  assert.throws(() => checkNewTags([{ Key: 'aws:x', Value: '' }]), /reserved prefix 'aws:'/);
  assert.throws(() => checkNewTags([{ Key: 'a', Value: 'semi;colon' }]), {
    name: 'ValidationException',
  });
  assert.throws(
    () =>
      checkNewTags([
        { Key: 'a', Value: '' },
        { Key: 'a', Value: '' },
      ]),
    /Duplicate tag key: a/,
  );
  assert.throws(() => checkNewTags([{ Key: 'AWS:x', Value: '' }]), /reserved/);
  checkNewTags([{ Key: 'upper AWS: inside is allowed', Value: 'émoji-free ü 9 _.:/=+-@' }]);
});
