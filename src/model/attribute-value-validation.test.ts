// Unit tests for attribute value validation: every message, its type, and which error wins.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import {
  isStrictBase64,
  nestsTooDeep,
  validateAttributeValue,
  validateItem,
} from './attribute-value-validation.js';

const INVALID = 'One or more parameter values were invalid: ';
const EMPTY =
  'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
const MULTIPLE =
  'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
const NESTING =
  'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit';
const NOT_A_NUMBER = 'The parameter cannot be converted to a numeric value';
const NOT_EXPECTED = 'Start of structure or map found where not expected';

type Expected = ['ValidationException' | 'SerializationException', string];

function fails(
  json: string,
  [type, message]: Expected,
  validate: (value: unknown) => unknown = validateAttributeValue,
): void {
  assert.throws(
    () => validate(JSON.parse(json)),
    (error: unknown) => {
      assert.ok(error instanceof DynamoDbError, `${json}: ${String(error)}`);
      assert.deepEqual([error.type, error.message], [type, message], json);
      return true;
    },
  );
}

const v = (message: string): Expected => ['ValidationException', message];
const s = (message: string): Expected => ['SerializationException', message];

/** Wire value → error; these messages are DynamoDB Local 3.3's exact answers (PutItem). */
const RECORDED_FROM_DYNAMODB_LOCAL: ReadonlyArray<readonly [string, Expected]> = [
  ['{}', v(EMPTY)],
  ['{"S":null}', v(EMPTY)],
  ['{"X":"a"}', v(EMPTY)],
  ['{"S":"a","N":"1"}', v(MULTIPLE)],
  ['{"L":[],"M":{}}', v(MULTIPLE)],
  ['{"SS":[]}', v(`${INVALID}An string set  may not be empty`)],
  ['{"NS":[]}', v(`${INVALID}An number set  may not be empty`)],
  ['{"BS":[]}', v(`${INVALID}Binary sets should not be empty`)],
  ['{"SS":[],"S":"a"}', v(`${INVALID}An string set  may not be empty`)],
  ['{"NULL":false}', v(`${INVALID}Null attribute value types must have the value of true`)],
  ['{"NULL":false,"S":"a"}', v(`${INVALID}Null attribute value types must have the value of true`)],
  ['{"NS":["1","1.0"]}', v('Input collection contains duplicates')],
  ['{"NS":["10","1e1"]}', v('Input collection contains duplicates')],
  ['{"NS":["1","2","1","x"]}', v('Input collection contains duplicates')],
  ['{"NS":["x","1","1"]}', v(`${NOT_A_NUMBER}: x`)],
  ['{"SS":["a",null]}', v(`${INVALID}An string set may not have a null string as a member`)],
  ['{"N":"x","S":"a"}', v(`${NOT_A_NUMBER}: x`)],
  ['{"M":{"a":{"N":"x"}},"S":"a"}', v(`${NOT_A_NUMBER}: x`)],
  ['{"M":{"a":{}}}', v(EMPTY)],
  ['{"L":[{}]}', v(EMPTY)],
  ['{"L":[null]}', v('The supplied Item contains a null AttributeValue')],
  ['{"M":{"a":null}}', v('The supplied Item contains a null AttributeValue: a is null')],
  ['null', v('The supplied Item contains a null AttributeValue')],
];

/**
 * Where DynamoDB Local differs from DynamoDB, DynamoDB's answers as dynalite records them
 * (validations/index.js). DynamoDB Local coerces JSON scalars into strings ({"S": 5} is "5")
 * and fails other deserialization errors with a 500 InternalFailure.
 */
const RECORDED_BY_DYNALITE: ReadonlyArray<readonly [string, Expected]> = [
  ['{"SS":["a","a"]}', v(`${INVALID}Input collection [a, a] contains duplicates.`)],
  ['{"SS":["b","a","b"]}', v(`${INVALID}Input collection [b, a, b] contains duplicates.`)],
  [
    '{"BS":["YQ==","YQ=="]}',
    v(`${INVALID}Input collection [YQ==, YQ==]of type BS contains duplicates.`),
  ],
  ['{"N":""}', v(NOT_A_NUMBER)],
  ['{"NS":["1",null]}', v(NOT_A_NUMBER)],
  ['{"S":5}', s('NUMBER_VALUE cannot be converted to String')],
  ['{"S":5.5}', s('DECIMAL_VALUE cannot be converted to String')],
  ['{"S":true}', s('TRUE_VALUE cannot be converted to String')],
  ['{"N":false}', s('FALSE_VALUE cannot be converted to String')],
  ['{"S":["a"]}', s('Unrecognized collection type class java.lang.String')],
  ['{"S":{}}', s(NOT_EXPECTED)],
  ['{"SS":"x"}', s('Unexpected field type')],
  ['{"NS":5}', s('Unexpected field type')],
  ['{"SS":{}}', s(NOT_EXPECTED)],
  ['{"SS":["a",5]}', s('NUMBER_VALUE cannot be converted to String')],
  ['{"BOOL":"maybe"}', s('Unexpected token received from parser')],
  ['{"BOOL":1}', s('NUMBER_VALUE cannot be converted to Boolean')],
  ['{"BOOL":[]}', s('Unrecognized collection type class java.lang.Boolean')],
  ['{"BOOL":{}}', s(NOT_EXPECTED)],
  ['{"NULL":"no"}', v(`${INVALID}Null attribute value types must have the value of true`)],
  ['{"B":5}', s('only base-64-encoded strings are convertible to bytes')],
  ['{"B":["YQ=="]}', s('Unrecognized collection type class java.nio.ByteBuffer')],
  ['{"B":{}}', s(NOT_EXPECTED)],
  ['{"B":"abc"}', s('Base64 encoded length is expected a multiple of 4 bytes but found: 3')],
  ['{"B":"YR=="}', s('Invalid last non-pad Base64 character dectected')],
  ['{"B":"Y!=="}', s('Invalid last non-pad Base64 character dectected')],
  [
    '{"BS":["YQ==","Y"]}',
    s('Base64 encoded length is expected a multiple of 4 bytes but found: 1'),
  ],
  [
    '{"M":[]}',
    s(
      'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
    ),
  ],
  ['{"M":"x"}', s('Unexpected field type')],
  ['{"L":{}}', s(NOT_EXPECTED)],
  ['{"L":"x"}', s('Unexpected field type')],
  ['5', s('Unexpected value type in payload')],
  ['"x"', s('Unexpected value type in payload')],
  ['[]', s('Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue')],
];

describe('validateAttributeValue', () => {
  it('answers as DynamoDB Local does where it is DynamoDB', () => {
    for (const [json, expected] of RECORDED_FROM_DYNAMODB_LOCAL) fails(json, expected);
  });

  it('answers as DynamoDB does where DynamoDB Local deviates', () => {
    for (const [json, expected] of RECORDED_BY_DYNALITE) fails(json, expected);
  });

  it('reports a serialization error before any validation error, wherever it is', () => {
    fails('{"L":[{"N":"x"},{"S":5}]}', s('NUMBER_VALUE cannot be converted to String'));
    fails('{"SS":[],"N":7}', s('NUMBER_VALUE cannot be converted to String'));
  });

  it('returns canonical values and drops null or unknown members', () => {
    assert.deepEqual(validateAttributeValue({ N: '01.50' }), { N: '1.5' });
    assert.deepEqual(validateAttributeValue({ NS: ['1e3', '2'] }), { NS: ['1000', '2'] });
    assert.deepEqual(validateAttributeValue({ S: 'a', N: null, X: 1 }), { S: 'a' });
    assert.deepEqual(validateAttributeValue({ NULL: 'true' }), { NULL: true });
    assert.deepEqual(validateAttributeValue({ BOOL: 'Yes' }), { BOOL: true });
    assert.deepEqual(validateAttributeValue({ BOOL: '0' }), { BOOL: false });
    assert.deepEqual(
      validateAttributeValue({ M: { a: { N: '+5' }, b: { L: [{ S: 'x' }, { N: '-0' }] } } }),
      { M: { a: { N: '5' }, b: { L: [{ S: 'x' }, { N: '0' }] } } },
    );
  });

  it('allows empty strings and binaries, in sets too', () => {
    for (const value of [{ S: '' }, { B: '' }, { SS: [''] }, { BS: [''] }]) {
      assert.deepEqual(validateAttributeValue(value), value);
    }
    fails('{"BS":["",""]}', v(`${INVALID}Input collection [, ]of type BS contains duplicates.`));
  });

  it('returns the request own objects when nothing changes', () => {
    const value = {
      M: { a: { S: 'x' }, b: { L: [{ N: '1' }, { BOOL: true }] }, c: { SS: ['q'] } },
    };
    assert.equal(validateAttributeValue(value), value);
  });

  it('allows 31 nested maps or lists below an attribute, not 32', () => {
    const nest = (levels: number, leaf: object, kind: 'M' | 'L'): object => {
      let value = leaf;
      for (let i = 0; i < levels; i++) value = kind === 'M' ? { M: { a: value } } : { L: [value] };
      return value;
    };
    for (const kind of ['M', 'L'] as const) {
      validateAttributeValue(nest(31, { S: 'x' }, kind));
      fails(JSON.stringify(nest(32, { S: 'x' }, kind)), v(NESTING));
      fails(JSON.stringify(nest(32, { N: 'x' }, kind)), v(NESTING));
    }
    validateAttributeValue(nest(30, { M: {} }, 'M'));
    fails(JSON.stringify(nest(31, { M: {} }, 'M')), v(NESTING));
    // Depth first, in document order (DynamoDB Local 3.3).
    const shallowFirst = { M: { a: { N: 'x' }, b: nest(33, { S: 'x' }, 'M') } };
    fails(JSON.stringify(shallowFirst), v(`${NOT_A_NUMBER}: x`));
    const deepFirst = { M: { b: nest(33, { S: 'x' }, 'M'), a: { N: 'x' } } };
    fails(JSON.stringify(deepFirst), v(NESTING));
    fails(JSON.stringify(nest(33, { SS: [] }, 'M')), v(NESTING));
    // A value outside an item may hold one more; stored, it nests too deep.
    for (const kind of ['M', 'L'] as const) {
      const outside = nest(32, { S: 'x' }, kind);
      validateAttributeValue(outside, true);
      assert.throws(() => validateAttributeValue(nest(33, { S: 'x' }, kind), true), {
        message: NESTING,
      });
      assert.equal(nestsTooDeep(outside as never), true);
      assert.equal(nestsTooDeep(nest(31, { S: 'x' }, kind) as never), false);
    }
  });

  it('sizes each map in a value outside an item as an item', () => {
    const big = (n: number) => ({ S: 'x'.repeat(n) });
    const TOO_LARGE = 'Item size has exceeded the maximum allowed size';
    validateAttributeValue({ M: { a: big(409_599) } }, true);
    validateAttributeValue({ L: [big(409_600)] }, true);
    validateAttributeValue({ M: { a: big(409_600) } });
    for (const value of [{ M: { a: big(409_600) } }, { L: [{ M: { ab: big(409_599) } }] }]) {
      assert.throws(() => validateAttributeValue(value, true), { message: TOO_LARGE });
    }
  });

  it('survives absurdly deep JSON without overflowing the stack', () => {
    let json = '{"S":"x"}';
    for (let i = 0; i < 20000; i++) json = `{"L":[${json}]}`;
    assert.throws(() => validateAttributeValue(JSON.parse(json)), { message: NESTING });
  });
});

describe('validateItem', () => {
  it('validates every attribute and names a null one', () => {
    fails(
      '{"a":{"S":"x"},"v":null}',
      v('The supplied Item contains a null AttributeValue: v is null'),
      validateItem,
    );
    fails(
      '{"a":{"N":"1e126"}}',
      v('Number overflow. Attempting to store a number with magnitude larger than supported range'),
      validateItem,
    );
    fails(
      '[]',
      s(
        'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
      ),
      validateItem,
    );
    fails('"x"', s('Unexpected field type'), validateItem);
  });

  it('refuses an empty attribute name, in the item or a nested map, after its value', () => {
    const empty = v('Empty attribute name');
    fails('{"":{"S":"x"}}', empty, validateItem);
    fails('{"a":{"L":[{"M":{"":{"S":"x"}}}]}}', empty, validateItem);
    fails('{"":{"S":"x"},"n":{"N":"x"}}', empty, validateItem);
    fails('{"n":{"N":"x"},"":{"S":"x"}}', v(`${NOT_A_NUMBER}: x`), validateItem);
    fails('{"":{"N":"x"}}', v(`${NOT_A_NUMBER}: x`), validateItem);
    fails(
      '{"":null}',
      v('The supplied Item contains a null AttributeValue:  is null'),
      validateItem,
    );
    fails('{"M":{"":{"S":"x"}}}', empty);
  });

  it('returns the canonical item, keeping attribute order', () => {
    const item = validateItem({ pk: { S: 'k' }, n: { N: '1.0' }, z: { S: 'z' } });
    assert.deepEqual(Object.entries(item), [
      ['pk', { S: 'k' }],
      ['n', { N: '1' }],
      ['z', { S: 'z' }],
    ]);
  });

  it('keeps an attribute named __proto__ as data', () => {
    const item = validateItem(JSON.parse('{"__proto__":{"N":"01"},"a":{"S":"x"}}'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(item, '__proto__')?.value, { N: '1' });
    assert.equal(Object.getPrototypeOf(item), Object.prototype);
  });

  it('returns the request own object when nothing changes', () => {
    const item = { pk: { S: 'k' }, n: { N: '1' } };
    assert.equal(validateItem(item), item);
  });
});

describe('isStrictBase64', () => {
  it('accepts exactly what decodes and re-encodes to itself', () => {
    const samples = [
      '',
      'YQ==',
      'YWI=',
      'YWJj',
      'YR==',
      'YWJ=',
      'Y===',
      '====',
      'YQ=a',
      'Y-_A',
      'AAAA',
      '+/+/',
    ];
    for (const text of samples) {
      const roundTrip = Buffer.from(text, 'base64').toString('base64') === text;
      assert.equal(isStrictBase64(text), roundTrip, text);
    }
  });
});
