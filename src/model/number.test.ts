// Unit tests for DynamoDB numbers: canonical forms recorded from DynamoDB Local, exact order, key bytes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import {
  canonicalNumber,
  compareNumbers,
  encodeNumberKey,
  MAX_NUMBER_KEY_BYTES,
} from './number.js';

type ErrorKind = 'overflow' | 'underflow' | 'precision' | 'nan';

/** DynamoDB's own wording (DynamoDB Local words 'precision' and 'nan' differently). */
function expectedMessage(kind: ErrorKind, input: string): string {
  switch (kind) {
    case 'overflow':
      return 'Number overflow. Attempting to store a number with magnitude larger than supported range';
    case 'underflow':
      return 'Number underflow. Attempting to store a number with magnitude smaller than supported range';
    case 'precision':
      return 'Attempting to store more than 38 significant digits in a Number';
    case 'nan':
      return input === ''
        ? 'The parameter cannot be converted to a numeric value'
        : `The parameter cannot be converted to a numeric value: ${input}`;
  }
}

/** [input, what GetItem returns] recorded from DynamoDB Local 3.3 (PutItem then GetItem). */
const CANONICAL: ReadonlyArray<readonly [string, string]> = [
  ['0', '0'],
  ['1', '1'],
  ['-1', '-1'],
  ['01.50', '1.5'],
  ['1e3', '1000'],
  ['-0', '0'],
  ['1E-5', '0.00001'],
  ['0.0', '0'],
  ['-0.0', '0'],
  ['00', '0'],
  ['1.', '1'],
  ['.5', '0.5'],
  ['-.5', '-0.5'],
  ['+1', '1'],
  ['+0', '0'],
  ['1E+2', '100'],
  ['1e-0', '1'],
  ['1.500e2', '150'],
  ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
  ['1234567890123456789012345678901234567800000', '1234567890123456789012345678901234567800000'],
  [
    '0.000000000000000000000000000000000000012345678901234567890123456789012345678',
    '0.000000000000000000000000000000000000012345678901234567890123456789012345678',
  ],
  [
    '1e125',
    '100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  ],
  [
    '9.9999999999999999999999999999999999999E+125',
    '999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  ],
  [
    '-9.9999999999999999999999999999999999999E+125',
    '-999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
  ],
  [
    '1e-130',
    '0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001',
  ],
  [
    '-1e-130',
    '-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001',
  ],
  ['0e200', '0'],
  ['0e-300', '0'],
  ['1E05', '100000'],
  ['100e-2', '1'],
  ['10.10', '10.1'],
  [
    '0.1e-129',
    '0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001',
  ],
  ['12345678901234567890123456789012345678.0000', '12345678901234567890123456789012345678'],
  [
    '0.00000000000000000000000000000000000000000000000001',
    '0.00000000000000000000000000000000000000000000000001',
  ],
  [
    '123e-132',
    '0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000123',
  ],
  ['-00001.0000', '-1'],
  ['3.14159', '3.14159'],
  ['-3.14159', '-3.14159'],
  ['1000000', '1000000'],
  ['0.000100', '0.0001'],
  ['123.456e-2', '1.23456'],
  ['-123.456e+2', '-12345.6'],
  ['5E0', '5'],
  ['0.5E1', '5'],
  ['1234.5e-10', '0.00000012345'],
  ['00000.00001', '0.00001'],
  [
    '1e-127',
    '0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001',
  ],
  ['99999999999999999999999999999999999999', '99999999999999999999999999999999999999'],
  ['-0.1e1', '-1'],
  ['7e+00', '7'],
  ['１', '1'],
  ['١٢', '12'],
];

/** [input, error kind] recorded from DynamoDB Local 3.3 (its wording differs; see number.ts). */
const REJECTED: ReadonlyArray<readonly [string, ErrorKind]> = [
  ['1e126', 'overflow'],
  ['-1e126', 'overflow'],
  ['1e-131', 'underflow'],
  ['-1e-131', 'underflow'],
  ['9e-131', 'underflow'],
  ['1e2147483647', 'overflow'],
  ['123456789012345678901234567890123456789', 'precision'],
  ['0.1234567890123456789012345678901234567891e-100', 'precision'],
  [' 1', 'nan'],
  ['1 ', 'nan'],
  ['abc', 'nan'],
  ['', 'nan'],
  ['1e', 'nan'],
  ['e5', 'nan'],
  ['--1', 'nan'],
  ['0x10', 'nan'],
  ['Infinity', 'nan'],
  ['NaN', 'nan'],
  ['1,000', 'nan'],
  ['1.2.3', 'nan'],
  ['-', 'nan'],
  ['.', 'nan'],
  ['1_000', 'nan'],
  ['1d', 'nan'],
  ['1f', 'nan'],
  ['1e2147483648', 'nan'],
  ['1e-2147483648', 'nan'],
  ['+-1', 'nan'],
  ['1e+', 'nan'],
];

function rejects(input: string, message: string): void {
  assert.throws(
    () => canonicalNumber(input),
    (error: unknown) =>
      error instanceof DynamoDbError &&
      error.type === 'ValidationException' &&
      error.message === message,
    `input ${JSON.stringify(input)}`,
  );
}

describe('canonicalNumber', () => {
  it('returns what DynamoDB returns', () => {
    assert.ok(CANONICAL.length >= 40);
    for (const [input, expected] of CANONICAL) {
      assert.equal(canonicalNumber(input), expected, `input ${JSON.stringify(input)}`);
    }
  });

  it('rejects what DynamoDB rejects, with DynamoDB messages', () => {
    for (const [input, kind] of REJECTED) rejects(input, expectedMessage(kind, input));
  });

  it('checks range before precision, as DynamoDB does', () => {
    // DynamoDB Local reports precision first; DynamoDB (dynalite's record) reports the range.
    rejects('1234567890123456789012345678901234567891e100', expectedMessage('overflow', ''));
    rejects('1234567890123456789012345678901234567891e-200', expectedMessage('underflow', ''));
  });

  it('reports the caller spelling when Unicode digits do not make a number', () => {
    rejects('١e', expectedMessage('nan', '١e'));
  });

  it('returns the input itself when it is already canonical', () => {
    const input = '-123.45';
    assert.equal(canonicalNumber(input), input);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(arbitraryNumberText(), (text) => {
        const once = canonicalNumber(text);
        assert.equal(canonicalNumber(once), once);
      }),
    );
  });
});

/** Random in-range number spellings: sign, digits, point, exponent, zeros on both sides. */
function arbitraryNumberText(): fc.Arbitrary<string> {
  return fc
    .record({
      sign: fc.constantFrom('', '-', '+'),
      leadingZeros: fc.integer({ min: 0, max: 3 }),
      digits: fc.stringMatching(/^[1-9][0-9]{0,37}$/),
      point: fc.integer({ min: 0, max: 40 }),
      trailingZeros: fc.integer({ min: 0, max: 3 }),
      exponent: fc.integer({ min: -90, max: 85 }),
      exponentStyle: fc.constantFrom('', 'e', 'E+'),
    })
    .map(({ sign, leadingZeros, digits, point, trailingZeros, exponent, exponentStyle }) => {
      const all = '0'.repeat(leadingZeros) + digits + '0'.repeat(trailingZeros);
      const cut = Math.min(point, all.length);
      const mantissa = cut === all.length ? all : `${all.slice(0, cut)}.${all.slice(cut)}`;
      if (exponentStyle === '') return sign + mantissa;
      const exponentText = exponent < 0 ? String(exponent) : exponentStyle.slice(1) + exponent;
      return `${sign}${mantissa}${exponentStyle[0]}${exponentText}`;
    });
}

/** Exact reference order through BigInt: value = integer × 10^scale. */
function referenceCompare(a: string, b: string): number {
  const toScaled = (text: string): [bigint, number] => {
    const [intPart, fracPart = ''] = text.split('.');
    return [BigInt(intPart! + fracPart), -fracPart.length];
  };
  const [ai, as] = toScaled(a);
  const [bi, bs] = toScaled(b);
  const scale = Math.min(as, bs);
  const x = ai * 10n ** BigInt(as - scale);
  const y = bi * 10n ** BigInt(bs - scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

const sign = (n: number): number => Math.sign(n) || 0;

describe('compareNumbers and encodeNumberKey', () => {
  const canonical = arbitraryNumberText().map(canonicalNumber);
  const edgeCases = [
    '0',
    '1',
    '-1',
    '10',
    '-10',
    '0.1',
    '-0.1',
    '1.5',
    '12',
    '12.5',
    '0.01',
    '0.015',
    '-0.015',
    '1e125',
    '9.9999999999999999999999999999999999999E+125',
    '1e-130',
    '-1e-130',
    '-9.9999999999999999999999999999999999999E+125',
    '101',
    '1.01',
    '100.5',
    '99',
    '-99',
  ].map(canonicalNumber);
  const numbers = fc.oneof(canonical, fc.constantFrom(...edgeCases));

  it('compares exactly', () => {
    fc.assert(
      fc.property(numbers, numbers, (a, b) => {
        assert.equal(sign(compareNumbers(a, b)), referenceCompare(a, b), `${a} vs ${b}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('encodes keys whose byte order is numeric order', () => {
    fc.assert(
      fc.property(numbers, numbers, (a, b) => {
        const expected = sign(compareNumbers(a, b));
        assert.equal(
          sign(compareBytes(encodeNumberKey(a), encodeNumberKey(b))),
          expected,
          `${a} vs ${b}`,
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('orders every pair of edge cases', () => {
    for (const a of edgeCases) {
      for (const b of edgeCases) {
        const expected = referenceCompare(a, b);
        assert.equal(sign(compareNumbers(a, b)), expected, `${a} vs ${b}`);
        assert.equal(
          sign(compareBytes(encodeNumberKey(a), encodeNumberKey(b))),
          expected,
          `${a} vs ${b}`,
        );
      }
    }
  });

  it('gives equal bytes for equal numbers, and never more than the maximum', () => {
    assert.deepEqual(
      encodeNumberKey(canonicalNumber('1.50')),
      encodeNumberKey(canonicalNumber('15e-1')),
    );
    fc.assert(
      fc.property(numbers, (a) => {
        assert.ok(encodeNumberKey(a).length <= MAX_NUMBER_KEY_BYTES);
      }),
    );
    assert.equal(
      encodeNumberKey(canonicalNumber('-1' + '1'.repeat(37))).length,
      MAX_NUMBER_KEY_BYTES,
    );
  });

  it('is self-delimiting: no encoding is a proper prefix of another', () => {
    fc.assert(
      fc.property(numbers, numbers, (a, b) => {
        const x = encodeNumberKey(a);
        const y = encodeNumberKey(b);
        if (x.length < y.length) assert.notDeepEqual(y.subarray(0, x.length), x);
      }),
      { numRuns: 3000 },
    );
  });
});
