// HTTP/1.1 on the wire, over raw sockets: pipelining, 100-continue, chunked and gzip bodies,
// HTTP/1.0, Connection: close, slow and vanishing clients, and node:http's answers to malformed
// requests (status and whether the connection closes), which OpenDDB's own server keeps.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { VALID_AUTHORIZATION } from '../helpers/raw-request.js';
import { dynamoDbLocalDeviates, startTarget, type TestTarget } from '../helpers/server.js';

/** A bound on every wait, so a bug fails a test rather than hanging the suite. */
const WAIT_MS = 10_000;

let target: TestTarget;
let host: string;
let port: number;
before(async () => {
  target = await startTarget();
  const url = new URL(target.endpoint);
  host = url.hostname;
  port = Number(url.port);
});
after(async () => {
  await target.close();
});

interface Response {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/** A raw connection that reads whole responses (Content-Length or chunked) as they come. */
class Wire {
  private received = Buffer.alloc(0);
  private closed = false;
  private readonly socket: Socket;
  private wake: (() => void) | undefined;

  constructor() {
    this.socket = connect(port, host);
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake?.();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    this.socket.on('error', () => {});
  }

  send(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The next response (a `100 Continue` counts as one); undefined if the server closed first. */
  async response(): Promise<Response | undefined> {
    for (;;) {
      const parsed = parseResponse(this.received);
      if (parsed !== undefined) {
        this.received = this.received.subarray(parsed.size);
        return parsed.response;
      }
      if (this.closed) return undefined;
      await this.more();
    }
  }

  /** True once the server has closed the connection (waits for it, within WAIT_MS). */
  async closedByServer(): Promise<boolean> {
    while (!this.closed) await this.more();
    return true;
  }

  private more(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in time')), WAIT_MS);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}

function parseResponse(bytes: Buffer): { response: Response; size: number } | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = bytes.toString('latin1', 0, headEnd).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine!.split(' ')[1]);
  let at = headEnd + 4;
  if (status === 100) return { response: { status, headers, text: '' }, size: at };
  if (headers['transfer-encoding'] === 'chunked') {
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = bytes.indexOf('\r\n', at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(bytes.toString('latin1', at, lineEnd), 16);
      if (bytes.length < lineEnd + 2 + size + 2) return undefined;
      chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
      if (size === 0) break;
    }
    return { response: { status, headers, text: Buffer.concat(chunks).toString() }, size: at };
  }
  const length = Number(headers['content-length'] ?? 0);
  if (bytes.length < at + length) return undefined;
  const text = bytes.toString('utf8', at, at + length);
  return { response: { status, headers, text }, size: at + length };
}

/** A signed-looking DynamoDB request head (signatures are not verified by either server). */
function head(operation: string, framing: string, extra = '', version = '1.1'): string {
  return (
    `POST / HTTP/${version}\r\nHost: ${host}:${port}\r\n` +
    'Content-Type: application/x-amz-json-1.0\r\n' +
    `X-Amz-Target: DynamoDB_20120810.${operation}\r\n` +
    `X-Amz-Date: 20250101T000000Z\r\nAuthorization: ${VALID_AUTHORIZATION}\r\n` +
    `${framing}${extra}\r\n`
  );
}

function request(operation: string, body: string, extra = '', version = '1.1'): string {
  return head(operation, `Content-Length: ${Buffer.byteLength(body)}\r\n`, extra, version) + body;
}

const listTables = (extra = '') => request('ListTables', '{"Limit":1}', extra);
const describeMissing = () => request('DescribeTable', '{"TableName":"http1-no-such-table"}');

function assertListTables(response: Response | undefined): asserts response is Response {
  assert.equal(response?.status, 200, response?.text);
  assert.ok(Array.isArray(JSON.parse(response.text).TableNames));
}

describe('framing', () => {
  test('keep-alive: one connection answers request after request', async () => {
    const wire = new Wire();
    for (let i = 0; i < 3; i += 1) {
      await wire.send(listTables());
      assertListTables(await wire.response());
    }
    wire.destroy();
  });

  test('pipelined requests are answered in order', async () => {
    const wire = new Wire();
    await wire.send(listTables() + describeMissing() + listTables() + describeMissing());
    const responses = [await wire.response(), await wire.response()];
    responses.push(await wire.response(), await wire.response());
    assert.deepEqual(
      responses.map((r) => r?.status),
      [200, 400, 200, 400],
    );
    assertListTables(responses[2]);
    assert.match(JSON.parse(responses[1]!.text).__type, /ResourceNotFoundException$/);
    wire.destroy();
  });

  test('a chunked body, with a chunk extension and a trailer', async () => {
    const wire = new Wire();
    const chunks = '5;name=value\r\n{"Lim\r\n6\r\nit":1}\r\n0\r\nX-Trailer: 1\r\n\r\n';
    await wire.send(head('ListTables', 'Transfer-Encoding: chunked\r\n') + chunks);
    assertListTables(await wire.response());
    await wire.send(listTables());
    assertListTables(await wire.response());
    wire.destroy();
  });

  test(
    'a gzip body sent chunked',
    dynamoDbLocalDeviates('fails gzip bodies with InternalFailure'),
    async () => {
      const wire = new Wire();
      const gzip = gzipSync('{"Limit":1}');
      const framing = 'Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n';
      const half = Math.floor(gzip.length / 2);
      await wire.send(head('ListTables', framing));
      for (const part of [gzip.subarray(0, half), gzip.subarray(half)]) {
        await wire.send(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part]));
        await wire.send('\r\n');
      }
      await wire.send('0\r\n\r\n');
      assertListTables(await wire.response());
      wire.destroy();
    },
  );

  test('Expect: 100-continue gets 100 Continue before the body is sent', async () => {
    const wire = new Wire();
    const body = '{"Limit":1}';
    await wire.send(
      head('ListTables', `Content-Length: ${body.length}\r\n`, 'Expect: 100-continue\r\n'),
    );
    assert.equal((await wire.response())?.status, 100);
    await wire.send(body);
    assertListTables(await wire.response());
    wire.destroy();
  });

  test('HTTP/1.0 is answered, then the connection closes', async () => {
    const wire = new Wire();
    await wire.send(request('ListTables', '{"Limit":1}', '', '1.0'));
    assertListTables(await wire.response());
    assert.equal(await wire.closedByServer(), true);
  });

  test('HTTP/1.0 with Connection: keep-alive stays open', async () => {
    const wire = new Wire();
    const keepAlive = 'Connection: keep-alive\r\n';
    await wire.send(request('ListTables', '{"Limit":1}', keepAlive, '1.0'));
    assertListTables(await wire.response());
    await wire.send(request('ListTables', '{"Limit":1}', keepAlive, '1.0'));
    assertListTables(await wire.response());
    wire.destroy();
  });

  test('Connection: close is answered with Connection: close, then the connection closes', async () => {
    const wire = new Wire();
    await wire.send(listTables('Connection: close\r\n'));
    const response = await wire.response();
    assertListTables(response);
    assert.equal(response.headers.connection, 'close');
    assert.equal(await wire.closedByServer(), true);
  });

  test('a client sending one byte at a time', async () => {
    const wire = new Wire();
    const bytes = Buffer.from(listTables() + describeMissing());
    for (const byte of bytes) await wire.send(Buffer.of(byte));
    assertListTables(await wire.response());
    assert.equal((await wire.response())?.status, 400);
    wire.destroy();
  });

  test('a client that disconnects mid-body does not disturb the server', async () => {
    const gone = new Wire();
    await gone.send(head('ListTables', 'Content-Length: 100\r\n') + '{"Lim');
    gone.destroy();
    const wire = new Wire();
    await wire.send(listTables());
    assertListTables(await wire.response());
    wire.destroy();
  });

  test('a body over 16 MB is read to its end and answered 413', async () => {
    const wire = new Wire();
    const body = `{"ExclusiveStartTableName":"${'a'.repeat(16 * 1024 * 1024)}"}`;
    await wire.send(request('ListTables', body));
    assert.equal((await wire.response())?.status, 413);
  });

  test('after a 413 the connection stays open, as with node:http', async () => {
    const wire = new Wire();
    const size = 16 * 1024 * 1024 + 1;
    await wire.send(head('ListTables', 'Transfer-Encoding: chunked\r\n'));
    await wire.send(`${size.toString(16)}\r\n`);
    await wire.send(Buffer.alloc(size, 0x20));
    await wire.send('\r\n0\r\n\r\n');
    assert.equal((await wire.response())?.status, 413);
    await wire.send(listTables());
    assertListTables(await wire.response());
    wire.destroy();
  });
});

describe('malformed requests (node:http answers, recorded before the HTTP/1.1 server)', () => {
  const deviates = dynamoDbLocalDeviates(
    'its HTTP server (Jetty) words and sometimes numbers these differently (505, HTML bodies)',
  );
  const ok = listTables();
  /** [name, bytes, status, connection closes]: what node:http 20 (llhttp 9) answered. */
  const cases: [string, string, number, boolean][] = [
    ['garbage request line', 'GARBAGE\r\n\r\n', 400, true],
    ['HTTP/1.2', 'GET / HTTP/1.2\r\nHost: x\r\n\r\n', 400, true],
    ['HTTP/3.0', 'GET / HTTP/3.0\r\nHost: x\r\n\r\n', 400, true],
    ['another protocol', 'GET / FOO/1.1\r\nHost: x\r\n\r\n', 400, true],
    ['a lower-case method', 'get / HTTP/1.1\r\nHost: x\r\n\r\n', 400, true],
    ['an unknown method', 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n', 400, true],
    ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n', 400, true],
    ['a target not starting with /', 'GET abc HTTP/1.1\r\nHost: x\r\n\r\n', 400, true],
    ['an HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 400, true],
    ['a TLS handshake', '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03', 400, true],
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400, true],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nBad\r\n\r\n', 400, true],
    ['a space before the colon', 'GET / HTTP/1.1\r\nHost: x\r\nA : b\r\n\r\n', 400, true],
    ['a folded header', 'GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n', 400, true],
    ['a control character in a value', 'GET / HTTP/1.1\r\nHost: x\r\nA: \x01\r\n\r\n', 400, true],
    ['bare LF line ends', 'GET / HTTP/1.1\nHost: x\n\n', 400, true],
    [
      'a bad Content-Length',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      400,
      true,
    ],
    [
      'two Content-Lengths',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}',
      400,
      true,
    ],
    [
      'Transfer-Encoding: gzip',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
      400,
      true,
    ],
    [
      'Transfer-Encoding with Content-Length',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
      400,
      true,
    ],
    [
      'a bad chunk size',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      400,
      true,
    ],
    [
      'a 16 KiB header',
      `GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(16 * 1024)}\r\n\r\n`,
      431,
      true,
    ],
    ['a 16 KiB target', `GET /${'a'.repeat(16 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, true],
    ['Expect: something else', `${ok.replace('\r\n\r\n', '\r\nExpect: x\r\n\r\n')}`, 417, false],
  ];
  for (const [name, bytes, status, closes] of cases) {
    test(`${name}: ${status}${closes ? ', then closed' : ''}`, deviates, async () => {
      const wire = new Wire();
      await wire.send(Buffer.from(bytes, 'latin1'));
      const response = await wire.response();
      assert.equal(response?.status, status);
      if (closes) {
        assert.equal(response.headers.connection, 'close');
        assert.equal(await wire.closedByServer(), true);
      } else {
        await wire.send(ok);
        assertListTables(await wire.response());
        wire.destroy();
      }
    });
  }

  test(
    'after Connection: close, further pipelined requests are ignored (node:http answered 400)',
    deviates,
    async () => {
      // RFC 9112 §9.6: answer the request that said close, process nothing after it.
      const wire = new Wire();
      await wire.send(listTables('Connection: close\r\n') + ok);
      assertListTables(await wire.response());
      assert.equal(await wire.response(), undefined);
    },
  );
});
