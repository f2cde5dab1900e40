// The HTTP/1.1 request parser: what it accepts and refuses matches node:http (llhttp, strict), piece
// by piece and however the bytes are cut.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_HEADER_BYTES, RequestParser, type RequestHead } from './request-parser.js';

const MAX_BODY_BYTES = 1024;

interface Parsed {
  readonly head: RequestHead;
  readonly body: string;
  readonly tooLarge: boolean;
}

interface Outcome {
  readonly requests: Parsed[];
  /** The status of a parse error, 0 when none. */
  readonly error: number;
  readonly midMessage: boolean;
}

/** Feeds `pieces` one by one and collects everything the parser yields. */
function parse(pieces: readonly (string | Buffer)[], maxBodyBytes = MAX_BODY_BYTES): Outcome {
  const parser = new RequestParser({ maxBodyBytes });
  const requests: Parsed[] = [];
  let head: RequestHead | undefined;
  for (const piece of pieces) {
    parser.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
    for (let event = parser.next(); event !== undefined; event = parser.next()) {
      if (event === 'error') return { requests, error: parser.errorStatus, midMessage: false };
      if (event === 'head') {
        assert.equal(head, undefined, 'a head before the previous body completed');
        head = parser.head;
      } else {
        assert.ok(head !== undefined, 'a body without a head');
        const body = parser.body.toString('latin1');
        requests.push({ head, body, tooLarge: parser.bodyTooLarge });
        head = undefined;
      }
    }
  }
  return { requests, error: 0, midMessage: parser.midMessage };
}

/** The only request in `text`, which must parse. */
function one(text: string): Parsed {
  const outcome = parse([text]);
  assert.equal(outcome.error, 0, `unexpected error ${outcome.error}`);
  assert.equal(outcome.requests.length, 1);
  return outcome.requests[0]!;
}

function errorOf(...pieces: string[]): number {
  return parse(pieces).error;
}

const GET = (headers = '') => `GET / HTTP/1.1\r\nHost: x\r\n${headers}\r\n`;
const POST = (headers: string, body = '') => `POST / HTTP/1.1\r\nHost: x\r\n${headers}\r\n${body}`;
const CHUNKED = (body: string) => POST('Transfer-Encoding: chunked\r\n', body);

describe('request line', () => {
  test('method, target with query string, version', () => {
    const { head } = one('POST /a/b?X-Amz-Algorithm=AWS4&x=%20#f HTTP/1.1\r\nHost: h\r\n\r\n');
    assert.equal(head.method, 'POST');
    assert.equal(head.url, '/a/b?X-Amz-Algorithm=AWS4&x=%20#f');
    assert.deepEqual([head.versionMajor, head.versionMinor], [1, 1]);
  });

  test('versions llhttp accepts: 1.0, 1.1, 2.0, 0.9 (also implied by a missing version)', () => {
    for (const [line, version] of [
      ['GET / HTTP/1.0', [1, 0]],
      ['GET / HTTP/2.0', [2, 0]],
      ['GET / HTTP/0.9', [0, 9]],
      ['GET /', [0, 9]],
    ] as const) {
      const { head } = one(`${line}\r\nHost: x\r\n\r\n`);
      assert.deepEqual([head.versionMajor, head.versionMinor], version, line);
    }
  });

  test('other versions and malformed lines are 400', () => {
    for (const line of [
      'GET / HTTP/1.2',
      'GET / HTTP/3.0',
      'GET / HTTP/1.10',
      'GET / HTTP/01.1',
      'GET / http/1.1',
      'GET / FOO/1.1',
      'GET / HTTP/1.1 ',
      ' GET / HTTP/1.1',
      'GARBAGE',
      'get / HTTP/1.1',
      'FOO / HTTP/1.1',
      'PRI * HTTP/2.0',
      'GET  HTTP/1.1',
      'GET /a b HTTP/1.1',
      'GET abc HTTP/1.1',
      'GET /\x80 HTTP/1.1',
      'GET /\x7f HTTP/1.1',
      'GET /\x01 HTTP/1.1',
      'GET /\x00 HTTP/1.1',
      'GET /a\tb HTTP/1.1',
    ]) {
      assert.equal(errorOf(`${line}\r\nHost: x\r\n\r\n`), 400, JSON.stringify(line));
    }
  });

  test('tolerates what llhttp tolerates: extra spaces, odd target bytes, *, absolute form', () => {
    assert.equal(one('GET  /  HTTP/1.1\r\nHost: x\r\n\r\n').head.url, '/');
    assert.equal(one('GET /"{a}|\\^` HTTP/1.1\r\nHost: x\r\n\r\n').head.url, '/"{a}|\\^`');
    assert.equal(one('OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n').head.url, '*');
    assert.equal(
      one('GET HTTP://X:80/p?q HTTP/1.1\r\nHost: x\r\n\r\n').head.url,
      'HTTP://X:80/p?q',
    );
    assert.equal(one('CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n').head.method, 'CONNECT');
    assert.equal(one('M-SEARCH * HTTP/1.1\r\nHost: x\r\n\r\n').head.method, 'M-SEARCH');
  });

  test('skips CR and LF bytes before the request line, as llhttp does', () => {
    for (const before of ['\r\n\r\n', '\n', '\r\r\n', '\r']) {
      assert.equal(one(`${before}${GET()}`).head.method, 'GET', JSON.stringify(before));
    }
    const outcome = parse(['\r', `\n${GET()}`]);
    assert.deepEqual([outcome.error, outcome.requests.length], [0, 1]);
    assert.equal(parse(['\r\n']).midMessage, false);
  });
});

describe('headers', () => {
  test('names are lower-cased; values are trimmed of spaces and tabs only', () => {
    const { head } = one(
      GET('Foo: bar  \r\nX-Amz-Target:\tT \t\r\nE:\r\nN: \xa0a\xa0\r\nV: a  b\r\n'),
    );
    assert.equal(head.headers.foo, 'bar');
    assert.equal(head.headers['x-amz-target'], 'T');
    assert.equal(head.headers.e, '');
    assert.equal(head.headers.n, '\xa0a\xa0');
    assert.equal(head.headers.v, 'a  b');
    assert.equal(head.headers.Foo, undefined);
  });

  test('repeats join with ", " (cookie with "; "), and node:http keeps the first of some', () => {
    const { head } = one(
      GET(
        'A: 1\r\na: 2\r\nE:\r\nE: x\r\nCookie: a\r\ncookie: b\r\nAuthorization: first\r\n' +
          'Authorization: second\r\nContent-Type: t1\r\nContent-Type: t2\r\nHost: other\r\n' +
          'X-Amz-Target: t1\r\nX-Amz-Target: t2\r\n',
      ),
    );
    assert.equal(head.headers.a, '1, 2');
    assert.equal(head.headers.e, ', x');
    assert.equal(head.headers.cookie, 'a; b');
    assert.equal(head.headers.authorization, 'first');
    assert.equal(head.headers['content-type'], 't1');
    assert.equal(head.headers.host, 'x');
    assert.equal(head.headers['x-amz-target'], 't1, t2');
  });

  test('values are latin1, as node:http decodes them; the header object has no prototype', () => {
    const { head } = one(GET('V: \xe9\r\n__proto__: p\r\n'));
    assert.equal(head.headers.v, 'é');
    assert.equal(head.headers.__proto__, 'p');
  });

  test('keeps 2000 header lines, like node:http, and ignores the rest', () => {
    const lines = Array.from({ length: 2100 }, (_, i) => `H${i}: v\r\n`).join('');
    const { head } = one(GET(lines));
    assert.equal(head.headers.h1998, 'v'); // Host is the first line kept
    assert.equal(head.headers.h1999, undefined);
  });

  test('malformed header lines are 400', () => {
    for (const line of [
      'NoColon',
      ': empty-name',
      'Foo : space-before-colon',
      'Foo\t: tab-before-colon',
      ' Folded: continuation',
      'Fo{o: bad-name',
      'X-\xc9: high-byte-name',
      'Foo: a\x01b',
      'Foo: a\x00b',
      'Foo: a\x7fb',
      'Foo: a\rb',
      'Foo: a\nb',
    ]) {
      assert.equal(errorOf(GET(`${line}\r\n`)), 400, JSON.stringify(line));
    }
    assert.equal(errorOf('GET / HTTP/1.1\r\nA: 1\r\n b\r\n\r\n'), 400);
  });

  test('bare LF line ends are 400 (llhttp is strict)', () => {
    assert.equal(errorOf('GET / HTTP/1.1\nHost: x\r\n\r\n'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\n\r\n'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\r\n\n'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\nHost: x\n\n'), 400);
  });

  test("the head limit counts the URL, names and values: node:http's 16 KiB", () => {
    const prefix = 'GET / HTTP/1.1\r\nHost: x\r\nX-Big: ';
    // "/", "Host", "x" and "X-Big" count 11 bytes.
    const fits = `${prefix}${'a'.repeat(MAX_HEADER_BYTES - 12)}\r\n\r\n`;
    const overflows = `${prefix}${'a'.repeat(MAX_HEADER_BYTES - 11)}\r\n\r\n`;
    assert.equal(parse([fits]).error, 0);
    assert.equal(parse([overflows]).error, 431);
    const longUrl = `GET /${'a'.repeat(MAX_HEADER_BYTES)} HTTP/1.1\r\nHost: x\r\n\r\n`;
    assert.equal(parse([longUrl]).error, 431);
  });

  test('many small headers may exceed 16 KiB of raw bytes, as in node:http', () => {
    const lines = 'A: b\r\n'.repeat(4000);
    assert.equal(parse([GET(lines)]).error, 0);
  });

  test('an unfinished head past 64 KiB is 431 without waiting for its end', () => {
    const outcome = parse([`GET / HTTP/1.1\r\nX: ${'a'.repeat(64 * 1024)}`]);
    assert.equal(outcome.error, 431);
  });
});

describe('keep-alive', () => {
  const keepAlive = (line: string, connection?: string) =>
    one(
      `${line}\r\nHost: x\r\n${connection === undefined ? '' : `Connection: ${connection}\r\n`}\r\n`,
    ).head.keepAlive;

  test('HTTP/1.1 keeps the connection unless told close', () => {
    assert.equal(keepAlive('GET / HTTP/1.1'), true);
    assert.equal(keepAlive('GET / HTTP/1.1', 'close'), false);
    assert.equal(keepAlive('GET / HTTP/1.1', 'Keep-Alive, CLOSE'), false);
    assert.equal(keepAlive('GET / HTTP/1.1', 'closex'), true);
    assert.equal(keepAlive('GET / HTTP/1.1', 'upgrade'), true);
  });

  test('HTTP/1.0, 2.0 and 0.9 keep it only when asked', () => {
    assert.equal(keepAlive('GET / HTTP/1.0'), false);
    assert.equal(keepAlive('GET / HTTP/1.0', 'Keep-Alive'), true);
    assert.equal(keepAlive('GET / HTTP/1.0', 'foo, keep-alive'), true);
    assert.equal(keepAlive('GET / HTTP/2.0', 'keep-alive'), true);
    assert.equal(keepAlive('GET / HTTP/2.0'), false);
    assert.equal(keepAlive('GET /'), false);
  });

  test('repeated Connection headers all count', () => {
    assert.equal(one(GET('Connection: keep-alive\r\nConnection: close\r\n')).head.keepAlive, false);
  });
});

describe('Content-Length bodies', () => {
  test('reads exactly Content-Length bytes, then the next request', () => {
    const outcome = parse([POST('Content-Length: 2\r\n', '{}') + GET()]);
    assert.deepEqual(
      outcome.requests.map((r) => [r.head.method, r.body]),
      [
        ['POST', '{}'],
        ['GET', ''],
      ],
    );
  });

  test('accepted forms: leading zeros, spaces around, a leading tab', () => {
    assert.equal(one(POST('Content-Length: 0002\r\n', '{}')).body, '{}');
    assert.equal(one(POST('Content-Length:   2  \r\n', '{}')).body, '{}');
    assert.equal(one(POST('Content-Length:\t2\r\n', '{}')).body, '{}');
    assert.equal(one(GET('Content-Length: 2\r\n') + '{}').body, '{}');
  });

  test('invalid, repeated or overflowing values are 400', () => {
    for (const value of [
      'abc',
      '-1',
      '+2',
      '',
      '1 2',
      '0x2',
      '2\t',
      '2, 2',
      '18446744073709551616',
    ]) {
      assert.equal(errorOf(POST(`Content-Length: ${value}\r\n`, '{}')), 400, value);
    }
    assert.equal(errorOf(POST('Content-Length: 2\r\nContent-Length: 2\r\n', '{}')), 400);
    assert.equal(errorOf(POST('Content-Length: 2\r\nContent-Length: 3\r\n', '{}')), 400);
  });

  test('the largest value llhttp accepts waits for its body', () => {
    const outcome = parse([POST('Content-Length: 18446744073709551615\r\n', 'abc')]);
    assert.deepEqual([outcome.error, outcome.requests.length, outcome.midMessage], [0, 0, true]);
  });

  test('a body past the limit is consumed but not kept, and the next request follows', () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    const outcome = parse([POST(`Content-Length: ${big.length}\r\n`, big), GET()]);
    assert.equal(outcome.requests.length, 2);
    assert.equal(outcome.requests[0]!.tooLarge, true);
    assert.equal(outcome.requests[0]!.body, '');
    assert.equal(outcome.requests[1]!.tooLarge, false);
  });

  test('a body at the limit is kept', () => {
    const body = 'x'.repeat(MAX_BODY_BYTES);
    const parsed = one(POST(`Content-Length: ${body.length}\r\n`, body));
    assert.equal(parsed.tooLarge, false);
    assert.equal(parsed.body, body);
  });
});

describe('chunked bodies', () => {
  test('chunks, extensions and trailers', () => {
    const parsed = one(
      CHUNKED(
        '1\r\n{\r\n1;ext=1;b="q \\" r";c\r\n"\r\na;e=\r\n0123456789\r\n0\r\nT: 1\r\nU: 2\r\n\r\n',
      ),
    );
    assert.equal(parsed.body, '{"0123456789');
    assert.equal(parsed.head.headers['transfer-encoding'], 'chunked');
  });

  test('sizes in either case, with leading zeros', () => {
    assert.equal(one(CHUNKED('A\r\n0123456789\r\n000\r\n\r\n')).body, '0123456789');
    assert.equal(one(CHUNKED('0002\r\nab\r\n0\r\n\r\n')).body, 'ab');
  });

  test('Transfer-Encoding: chunked last, any case, on HTTP/1.0 too', () => {
    for (const te of ['CHUNKED', ' chunked ', 'gzip, chunked', ',chunked']) {
      assert.equal(one(POST(`Transfer-Encoding: ${te}\r\n`, '2\r\nab\r\n0\r\n\r\n')).body, 'ab');
    }
    const twoLines = 'Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n';
    assert.equal(one(POST(twoLines, '2\r\nab\r\n0\r\n\r\n')).body, 'ab');
    const http10 = 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n';
    assert.equal(one(http10).body, 'ab');
  });

  test('any other coding, chunked not last or twice, or with Content-Length, is 400', () => {
    for (const te of ['gzip', 'identity', '', 'chunked, gzip', 'chunked,', 'chunkedx']) {
      assert.equal(errorOf(POST(`Transfer-Encoding: ${te}\r\n`, '2\r\nab\r\n0\r\n\r\n')), 400, te);
    }
    for (const headers of [
      'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n',
      'Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n',
      'Transfer-Encoding: chunked\r\nContent-Length: 2\r\n',
      'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n',
    ]) {
      assert.equal(errorOf(POST(headers, '2\r\nab\r\n0\r\n\r\n')), 400, headers);
    }
  });

  test('malformed chunk framing is 400', () => {
    for (const body of [
      'zz\r\nab\r\n0\r\n\r\n',
      '\r\nab\r\n0\r\n\r\n',
      '2 \r\nab\r\n0\r\n\r\n',
      '2;\r\nab\r\n0\r\n\r\n',
      '2 ;a=b\r\nab\r\n0\r\n\r\n',
      '2; a=b\r\nab\r\n0\r\n\r\n',
      '2;a =b\r\nab\r\n0\r\n\r\n',
      '2;a= b\r\nab\r\n0\r\n\r\n',
      '2;a=b c\r\nab\r\n0\r\n\r\n',
      '2;a="b"x\r\nab\r\n0\r\n\r\n',
      '2;a=b\t\r\nab\r\n0\r\n\r\n',
      '2;a\x01\r\nab\r\n0\r\n\r\n',
      '2\nab\r\n0\r\n\r\n',
      '2\r\nab\n0\r\n\r\n',
      '2\r\nabXX0\r\n\r\n',
      '2\r\nab\rX0\r\n\r\n',
      '2\r\nab\r\n0\n\r\n',
      '2\r\nab\r\n0\r\n\n',
      '2\r\nab\r\n0\r\nbad trailer\r\n\r\n',
      '2\r\nab\r\n0\r\nT: a\x01\r\n\r\n',
      'ffffffffffffffffff\r\n',
    ]) {
      assert.equal(errorOf(CHUNKED(body)), 400, JSON.stringify(body));
    }
  });

  test('a size line or trailer that cannot become valid is refused before its end', () => {
    for (const body of ['z', '2 ', '2\rx', '2;a\x01', '2\r\nab\r\n0\r\nT: 1\r\n\rX', '0\r\nT{']) {
      assert.equal(errorOf(CHUNKED(body)), 400, JSON.stringify(body));
    }
    for (const body of ['', '2', '2;a="b', '2;a\r', '2\r\nab\r\n0\r\nT: 1\r\n\r', '0\r\nT: 1']) {
      assert.equal(errorOf(CHUNKED(body)), 0, JSON.stringify(body));
    }
  });

  test('chunk extensions past 16 KiB in one message are 413, as in node:http', () => {
    const ext = `;a=${'b'.repeat(9000)}`;
    assert.equal(errorOf(CHUNKED(`1${ext}\r\na\r\n1${ext}\r\nb\r\n0\r\n\r\n`)), 413);
    assert.equal(errorOf(CHUNKED(`1;a=${'b'.repeat(17 * 1024)}`)), 413);
  });

  test('trailers count against the head limit', () => {
    const trailer = `T: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n`;
    assert.equal(errorOf(CHUNKED(`0\r\n${trailer}\r\n`)), 431);
    assert.equal(errorOf(CHUNKED(`0\r\nT: ${'a'.repeat(64 * 1024)}`)), 431);
  });

  test('a chunked body past the limit is consumed but not kept', () => {
    const chunk = 'x'.repeat(600);
    const body = `258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`;
    const outcome = parse([CHUNKED(body), GET()]);
    assert.equal(outcome.requests.length, 2);
    assert.deepEqual([outcome.requests[0]!.tooLarge, outcome.requests[0]!.body], [true, '']);
  });
});

describe('bytes arriving in pieces', () => {
  test('byte by byte', () => {
    const text = CHUNKED('3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n') + POST('Content-Length: 2\r\n', '{}');
    const outcome = parse([...text]);
    assert.deepEqual(
      outcome.requests.map((r) => r.body),
      ['abc', '{}'],
    );
    assert.equal(outcome.midMessage, false);
  });

  test('midMessage and readingBody follow the request', () => {
    const parser = new RequestParser({ maxBodyBytes: MAX_BODY_BYTES });
    assert.equal(parser.midMessage, false);
    parser.push(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 2\r\n'));
    assert.equal(parser.next(), undefined);
    assert.deepEqual([parser.midMessage, parser.readingBody], [true, false]);
    parser.push(Buffer.from('\r\n{'));
    assert.equal(parser.next(), 'head');
    assert.equal(parser.next(), undefined);
    assert.deepEqual([parser.midMessage, parser.readingBody], [true, true]);
    parser.push(Buffer.from('}'));
    assert.equal(parser.next(), 'request');
    assert.equal(parser.body.toString(), '{}');
    assert.deepEqual([parser.midMessage, parser.readingBody], [false, false]);
    parser.push(Buffer.alloc(0));
    assert.equal(parser.next(), undefined);
  });

  test('what cannot become a request is refused before its head ends', () => {
    // A TLS ClientHello on the plain port, an HTTP/2 preface, an unknown method, bad line ends.
    assert.equal(errorOf('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'), 400);
    assert.equal(errorOf('PRI * HTTP/2.0\r\n'), 400);
    assert.equal(errorOf('GARB'), 400);
    assert.equal(errorOf('GETTY'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\nHost'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\rHost'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r', 'Host'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nA: \x01'), 400);
    assert.equal(errorOf(`${'GET'.repeat(6)}`), 400);
    // Complete lines of an unfinished head, and the start of the next header line.
    assert.equal(errorOf('OPTIONS * H,TTP/1.1\r\nHost: x\r\n'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\nMore: y'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\r\n', 'Bad Header\r\n'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\r\n{}'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\r\nB{: 1'), 400);
    assert.equal(errorOf('GET / HTTP/1.1\r\nHost: x\r\n: 1'), 400);
  });

  test('a valid beginning waits for more', () => {
    for (const pieces of [
      ['PO'],
      ['POST'],
      ['POST /'],
      ['GET / HTTP/1.1\r'],
      ['GET / HTTP/1.1\r', '\n'],
      ['GET / HTTP/1.1\r\nHost: x\r\n', 'A: 1\r\nB'],
      ['GET / HTTP/1.1\r\nHost: x\r\nA: {'],
      ['GET / HTTP/1.1\r\nHost: x\r\n\r'],
    ]) {
      const outcome = parse(pieces);
      assert.deepEqual([outcome.error, outcome.requests.length, outcome.midMessage], [0, 0, true]);
    }
  });

  test('after an error the parser yields nothing more', () => {
    const parser = new RequestParser({ maxBodyBytes: MAX_BODY_BYTES });
    parser.push(Buffer.from('BAD / HTTP/1.1\r\n\r\n'));
    assert.equal(parser.next(), 'error');
    assert.equal(parser.errorStatus, 400);
    parser.push(Buffer.from(GET()));
    assert.equal(parser.next(), undefined);
    assert.equal(parser.midMessage, false);
  });
});

describe('property: any cut of a valid stream yields the same requests', () => {
  const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
  const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);
  const body = fc.string({ unit: 'binary-ascii', maxLength: 300 });
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'),
    path: fc.stringMatching(/^\/[a-z0-9/?=&%]{0,20}$/),
    headers: fc.array(fc.tuple(token, headerValue), { maxLength: 6 }),
    body,
    framing: fc.oneof(
      fc.constant({ kind: 'length' as const }),
      fc.record({
        kind: fc.constant('chunked' as const),
        cuts: fc.array(fc.nat(300), { maxLength: 4 }),
        extension: fc.boolean(),
        trailer: fc.boolean(),
      }),
    ),
  });
  type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

  /** The request as bytes, its headers minus the framing ones (those are checked apart). */
  function serialize(r: Generated): string {
    const fields = r.headers
      .filter(([name]) => !/^(content-length|transfer-encoding|host|connection)$/i.test(name))
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    if (r.framing.kind === 'length') {
      return `${r.method} ${r.path} HTTP/1.1\r\nHost: h\r\n${fields}Content-Length: ${r.body.length}\r\n\r\n${r.body}`;
    }
    const ends = [...new Set(r.framing.cuts.map((cut) => cut % (r.body.length + 1)))]
      .filter((cut) => cut > 0 && cut < r.body.length)
      .sort((a, b) => a - b);
    let chunks = '';
    let from = 0;
    for (const end of [...ends, r.body.length]) {
      if (end === from) continue;
      const ext = r.framing.extension ? ';x="y z";q' : '';
      chunks += `${(end - from).toString(16)}${ext}\r\n${r.body.slice(from, end)}\r\n`;
      from = end;
    }
    const trailer = r.framing.trailer ? 'T: 1\r\n' : '';
    return `${r.method} ${r.path} HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n${fields}\r\n${chunks}0\r\n${trailer}\r\n`;
  }

  test('pipelined Content-Length and chunked requests, cut at random points', () => {
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (requests, cutPoints) => {
          const stream = Buffer.from(requests.map(serialize).join(''), 'latin1');
          const cuts = [...new Set(cutPoints.map((cut) => cut % (stream.length + 1)))].sort(
            (a, b) => a - b,
          );
          const pieces: Buffer[] = [];
          let from = 0;
          for (const cut of [...cuts, stream.length]) {
            pieces.push(stream.subarray(from, cut));
            from = cut;
          }
          const outcome = parse(pieces);
          assert.equal(outcome.error, 0);
          assert.equal(outcome.midMessage, false);
          assert.equal(outcome.requests.length, requests.length);
          requests.forEach((expected, i) => {
            const got = outcome.requests[i]!;
            assert.equal(got.head.method, expected.method);
            assert.equal(got.head.url, expected.path);
            assert.equal(got.body, expected.body);
            assert.equal(got.tooLarge, false);
            for (const [name, value] of expected.headers) {
              if (/^(content-length|transfer-encoding|host|connection)$/i.test(name)) continue;
              const joined = got.head.headers[name.toLowerCase()] ?? '';
              assert.ok(joined.split(', ').includes(value), `${name}: ${value} in ${joined}`);
            }
          });
        },
      ),
      { seed: 20261122, numRuns: 400 },
    );
  });
});
