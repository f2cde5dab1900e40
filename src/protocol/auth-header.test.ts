// Unit tests for the SigV4 well-formedness checks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAuth, type AuthInput } from './auth-header.js';

const VALID =
  'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=abc';

const input = (overrides: Partial<AuthInput>): AuthInput => ({
  authorization: VALID,
  amzDate: '20250101T000000Z',
  date: undefined,
  query: new URLSearchParams(),
  ...overrides,
});

test('a well-formed header passes', () => {
  assert.equal(checkAuth(input({})), undefined);
  assert.equal(checkAuth(input({ amzDate: undefined, date: 'Wed, 01 Jan 2025' })), undefined);
});

test('a missing or foreign header is a missing token', () => {
  for (const authorization of [undefined, 'Basic abc', '']) {
    const error = checkAuth(input({ authorization }));
    assert.equal(error?.type, 'MissingAuthenticationTokenException');
    assert.equal(error.message, 'Request is missing Authentication Token');
  }
});

test('missing parts are listed in order, with the header echoed', () => {
  const authorization = 'AWS4-HMAC-SHA256 Signature=abc';
  const error = checkAuth(input({ authorization, amzDate: undefined }));
  assert.equal(error?.type, 'IncompleteSignatureException');
  assert.equal(
    error.message,
    "Authorization header requires 'Credential' parameter. " +
      "Authorization header requires 'SignedHeaders' parameter. " +
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
      `Authorization=${authorization}`,
  );
});

test('presigned query auth', () => {
  const complete = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKID/20250101/us-east-1/dynamodb/aws4_request',
    'X-Amz-Signature': 'abc',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Date': '20250101T000000Z',
  });
  assert.equal(checkAuth(input({ authorization: undefined, query: complete })), undefined);
  assert.equal(checkAuth(input({ query: complete }))?.type, 'InvalidSignatureException');
  const partial = new URLSearchParams({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
  assert.equal(
    checkAuth(input({ authorization: undefined, query: partial }))?.message,
    "AWS query-string parameters must include 'X-Amz-Credential'. " +
      "AWS query-string parameters must include 'X-Amz-Signature'. " +
      "AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
      "AWS query-string parameters must include 'X-Amz-Date'. " +
      'Re-examine the query-string parameters.',
  );
});

test('parameters: the last of a key counts, empty values and stray words are missing', () => {
  const cases: [string, string[]][] = [
    ['AWS4-HMAC-SHA256 Credential=a,SignedHeaders=b,Signature=c', []],
    ['AWS4-HMAC-SHA256   Credential=a ,, SignedHeaders=b\t, Signature=c', []],
    ['AWS4-HMAC-SHA256 Credential=a, SignedHeaders=b, Signature=c, Signature=', ['Signature']],
    ['AWS4-HMAC-SHA256 Credential=, Credential=a, SignedHeaders=b, Signature==c', ['Signature']],
    ['AWS4-HMAC-SHA256 Credential, SignedHeaders=b=c, Signature=c', ['Credential']],
    ['AWS4-HMAC-SHA256', ['Credential', 'Signature', 'SignedHeaders']],
    ['AWS4-HMAC-SHA256 credential=a, SignedHeaders=b, Signature=c', ['Credential']],
    ['AWS4-HMAC-SHA256 toString=a, constructor=b, Signature=c', ['Credential', 'SignedHeaders']],
  ];
  for (const [authorization, missing] of cases) {
    const expected =
      missing.length === 0
        ? undefined
        : missing.map((name) => `Authorization header requires '${name}' parameter. `).join('') +
          `Authorization=${authorization}`;
    assert.equal(checkAuth(input({ authorization }))?.message, expected, authorization);
  }
});
