// Unit tests of DynamoDB's capacity-unit arithmetic.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  batchDeleteUnits,
  batchReadUnits,
  CapacityTally,
  consumedCapacity,
  readUnits,
  writeUnits,
} from './capacity.js';

test('reads round up per 4 KB and halve when eventually consistent', () => {
  assert.equal(readUnits(4096, true), 1);
  assert.equal(readUnits(4097, true), 2);
  assert.equal(readUnits(4097, false), 1);
  assert.equal(readUnits(undefined, false), 0.5);
  assert.equal(batchReadUnits(undefined, true), 0);
});

test('writes round up per KB of the larger image', () => {
  assert.equal(writeUnits(undefined, 1024), 1);
  assert.equal(writeUnits(undefined, 1025), 2);
  assert.equal(writeUnits(3000, 10), 3);
  assert.equal(writeUnits(undefined, undefined), 1);
  assert.equal(batchDeleteUnits(undefined), 2);
  assert.equal(batchDeleteUnits(2048), 2);
});

test('shapes for TOTAL and INDEXES', () => {
  assert.deepEqual(consumedCapacity('TOTAL', 't', 1), { TableName: 't', CapacityUnits: 1 });
  const tally = new CapacityTally();
  tally.add('a', 1);
  tally.add('b', 0);
  tally.add('a', 0.5);
  assert.deepEqual(tally.toWire('INDEXES'), [
    { TableName: 'a', CapacityUnits: 1.5, Table: { CapacityUnits: 1.5 } },
    { TableName: 'b', CapacityUnits: 0, Table: { CapacityUnits: 0 } },
  ]);
});
