import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { md5, md5Into } from './md5.js';

const reference = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

test('MD5 of RFC 1321 test suite strings', () => {
  const suite: Record<string, string> = {
    '': 'd41d8cd98f00b204e9800998ecf8427e',
    a: '0cc175b9c0f1b6a831c399e269772661',
    abc: '900150983cd24fb0d6963f7d28e17f72',
    'message digest': 'f96b697d7cb7938d525a2f31aaf161d0',
    abcdefghijklmnopqrstuvwxyz: 'c3fcd3d76192e4007dfb496cca67e13b',
  };
  for (const [text, digest] of Object.entries(suite)) {
    assert.equal(hex(md5(Buffer.from(text))), digest, text);
  }
});

test('MD5 matches node:crypto at every length around the block and padding edges', () => {
  const lengths = [...Array.from({ length: 200 }, (_, i) => i), 511, 512, 513, 2048, 4099];
  for (const length of lengths) {
    const data = randomBytes(length);
    assert.equal(hex(md5(data)), reference(data), `length ${length}`);
  }
});

test('md5Into writes a prefix of the digest at an offset, and views of larger buffers hash alone', () => {
  const backing = randomBytes(300);
  const view = backing.subarray(17, 17 + 70);
  const out = new Uint8Array(12).fill(0xaa);
  md5Into(view, out, 3, 8);
  assert.equal(hex(out.subarray(3, 11)), reference(view).slice(0, 16));
  assert.equal(out[2], 0xaa);
  assert.equal(out[11], 0xaa);
});
