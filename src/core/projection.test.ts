// Unit tests of the ProjectionExpression parser and of projecting items.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createExpressionScope } from '../expressions/api.js';
import type { Item } from '../model/attribute-value.js';
import { parseProjectionExpression, Projection, requestProjection } from './projection.js';

const parse = (expression: string, names: Record<string, string> = {}) =>
  parseProjectionExpression(expression, createExpressionScope({ names }));

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('parseProjectionExpression', () => {
  test('paths with names, placeholders and list indexes', () => {
    assert.deepEqual(parse('a, #b.c[2][0].d , e', { '#b': 'B' }), [
      ['a'],
      ['B', 'c', 2, 0, 'd'],
      ['e'],
    ]);
  });

  test('syntax errors name the token and the text around it', () => {
    assert.equal(
      message(() => parse('a b')),
      'Invalid ProjectionExpression: Syntax error; token: "b", near: "a b"',
    );
    assert.equal(
      message(() => parse('a.')),
      'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: "."',
    );
    assert.equal(
      message(() => parse('é')),
      'Invalid ProjectionExpression: Syntax error; token: "é", near: "é"',
    );
    assert.equal(
      message(() => parse('a, OR')),
      'Invalid ProjectionExpression: Syntax error; token: "OR", near: ", OR"',
    );
  });

  test('reserved words come before undefined names; overlaps before conflicts', () => {
    assert.match(
      message(() => parse('#x, Year')),
      /reserved keyword: Year$/,
    );
    assert.match(
      message(() => parse('a.b, a[1], c, c')),
      /overlap .*path one: \[c\], path two: \[c\]$/,
    );
  });
});

describe('Projection', () => {
  const item: Item = {
    a: { M: { b: { L: [{ S: 'x' }, { M: { c: { N: '1' } } }] } } },
    s: { S: 'v' },
  };

  test('keeps only the requested paths and drops empty containers', () => {
    assert.deepEqual(new Projection(parse('a.b[1].c, s')).apply(item), {
      a: { M: { b: { L: [{ M: { c: { N: '1' } } }] } } },
      s: { S: 'v' },
    });
    assert.deepEqual(new Projection(parse('a.b[5], a.z, s.t, q')).apply(item), {});
  });

  test('AttributesToGet selects top-level names and rejects duplicates', () => {
    assert.deepEqual(requestProjection({ AttributesToGet: ['s', 'a.b'] })!.apply(item), {
      s: { S: 'v' },
    });
    assert.match(
      message(() => requestProjection({ AttributesToGet: ['s', 's'] })),
      /Duplicate value in attribute name: s$/,
    );
  });

  test("unused names are reported in DynamoDB's order", () => {
    assert.equal(
      message(() =>
        requestProjection({
          ProjectionExpression: '#n',
          ExpressionAttributeNames: { '#n': 'a', '#m': 'x', '#z': 'y' },
        }),
      ),
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#z, #m}',
    );
  });
});
