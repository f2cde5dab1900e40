// The HTTP/1.1 server and its connections over real sockets, with a handler under the test's
// control: answer order, 100-continue, timeouts, half-close, back pressure and shutdown.

import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import type { HttpRequest, HttpResponse } from './connection.js';
import { createHttp1Server, type Http1Server, type Http1ServerOptions } from './server.js';

/** A bound on every wait in this file, so a bug fails a test instead of hanging it. */
const WAIT_MS = 5_000;

interface Harness {
  readonly server: Http1Server;
  readonly port: number;
  readonly requests: HttpRequest[];
}

const servers: Http1Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Answers each request with its method, URL and body, unless the test supplies a handler. */
async function start(options: Partial<Http1ServerOptions> = {}): Promise<Harness> {
  const requests: HttpRequest[] = [];
  const server = createHttp1Server({
    maxBodyBytes: 1024,
    handler: (request) => {
      requests.push(request);
      return Promise.resolve(echo(request));
    },
    ...options,
  });
  servers.push(server);
  server.listener.listen(0, '127.0.0.1');
  await once(server.listener, 'listening');
  return { server, port: (server.listener.address() as AddressInfo).port, requests };
}

function echo(request: HttpRequest): HttpResponse {
  const body = `${request.method} ${request.url} ${request.bodyTooLarge ? 'TOO LARGE' : request.body.toString()}`;
  return { status: 200, headers: ['x-test', 'yes'], body };
}

/** A raw client that collects everything the server sends. */
class Client {
  received = '';
  ended = false;
  private readonly socket: Socket;
  private waiters: (() => void)[] = [];

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (text: string) => {
      this.received += text;
      this.wake();
    });
    this.socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    this.socket.on('error', () => {});
  }

  send(text: string | Buffer): void {
    this.socket.write(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
  }

  halfClose(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Waits until `done` holds of what was received (or the connection closed). */
  async until(done: (text: string) => boolean): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    while (!done(this.received)) {
      if (this.ended) break;
      const left = deadline - Date.now();
      assert.ok(left > 0, `timed out; received so far: ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Waits for `count` complete responses (these tests' bodies have a Content-Length). */
  responses(count: number): Promise<string[]> {
    return this.until((text) => splitResponses(text).length >= count).then(splitResponses);
  }

  closed(): Promise<string> {
    return this.until(() => this.ended);
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** Complete responses in `text` (status line through body), in order. */
function splitResponses(text: string): string[] {
  const responses: string[] = [];
  let rest = text;
  for (;;) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) return responses;
    const head = rest.slice(0, headEnd);
    const length = Number(/\r\nContent-Length: (\d+)/i.exec(head)?.[1] ?? 0);
    const end = head.startsWith('HTTP/1.1 100 ') ? headEnd + 4 : headEnd + 4 + length;
    if (rest.length < end) return responses;
    responses.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
}

const bodyOf = (response: string) => response.slice(response.indexOf('\r\n\r\n') + 4);
const statusOf = (response: string) => response.slice(0, response.indexOf('\r\n'));
const GET = (path = '/', headers = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`;
const POST = (body: string, headers = '') =>
  `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n${headers}\r\n${body}`;

describe('responses', () => {
  test('one write per answer: caller headers, then Content-Length, Date, keep-alive', async () => {
    const { port } = await start();
    const client = new Client(port);
    const json = Buffer.from('{"a":"é"}', 'utf8');
    client.send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${json.length}\r\n\r\n`);
    client.send(json);
    const [response] = await client.responses(1);
    assert.match(
      response!,
      /^HTTP\/1\.1 200 OK\r\nx-test: yes\r\nContent-Length: 17\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n/,
    );
    assert.equal(Buffer.from(bodyOf(response!), 'latin1').toString('utf8'), 'POST / {"a":"é"}');
    client.destroy();
  });

  test('HEAD gets the head alone, with the Content-Length of the body it would have had', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send(`HEAD / HTTP/1.1\r\nHost: x\r\n\r\n${GET('/after')}`);
    await client.until((text) => text.includes('GET /after'));
    const [head, next] = client.received.split(/(?=HTTP\/1\.1 )/);
    assert.match(head!, /Content-Length: 7\r\n[^]*\r\n\r\n$/);
    assert.equal(bodyOf(next!), 'GET /after ');
    client.destroy();
  });

  test('pipelined requests run together but are answered in order', async () => {
    const releases: (() => void)[] = [];
    const { port } = await start({
      handler: async (request) => {
        // Each request waits for its own release; the test releases them in reverse.
        await new Promise<void>((resolve) => releases.push(resolve));
        return echo(request);
      },
    });
    const client = new Client(port);
    client.send(GET('/1') + POST('two') + GET('/3'));
    const deadline = Date.now() + WAIT_MS;
    while (releases.length < 3) {
      assert.ok(Date.now() < deadline, 'the three requests did not all start');
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const release of releases.reverse()) release();
    const responses = await client.responses(3);
    assert.deepEqual(responses.map(bodyOf), ['GET /1 ', 'POST / two', 'GET /3 ']);
    client.destroy();
  });

  test('a handler that rejects drops the connection unanswered', async () => {
    const { port } = await start({ handler: () => Promise.reject(new Error('bug')) });
    const client = new Client(port);
    client.send(GET());
    assert.equal(await client.closed(), '');
  });
});

describe('connection lifetime', () => {
  test('Connection: close is answered with close, and later requests are ignored', async () => {
    const { port, requests } = await start();
    const client = new Client(port);
    client.send(GET('/1', 'Connection: close\r\n') + GET('/2'));
    const text = await client.closed();
    assert.equal(splitResponses(text).length, 1);
    assert.match(text, /\r\nConnection: close\r\n\r\nGET \/1 $/);
    assert.equal(requests.length, 1);
  });

  test('HTTP/1.0 closes unless keep-alive is asked for', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send('GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n');
    const responses = splitResponses(await client.closed());
    assert.equal(responses.length, 2);
    assert.match(responses[0]!, /Connection: keep-alive\r\n/);
    assert.match(responses[1]!, /Connection: close\r\n/);
  });

  test('a protocol error is answered after the answers before it, then the connection closes', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send(`${GET('/ok')}BAD / HTTP/1.1\r\n\r\n`);
    const responses = splitResponses(await client.closed());
    assert.deepEqual(responses.map(statusOf), ['HTTP/1.1 200 OK', 'HTTP/1.1 400 Bad Request']);
    assert.equal(responses[1], 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  test('HTTP/1.1 without Host is 400, as node:http requires it', async () => {
    const { port, requests } = await start();
    const client = new Client(port);
    client.send('GET / HTTP/1.1\r\n\r\n');
    assert.equal(await client.closed(), 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    assert.equal(requests.length, 0);
  });

  test('CONNECT is dropped unanswered, as node:http does without a connect listener', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send('CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(await client.closed(), '');
  });

  test('a client that stops sending after a request still gets its answer', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send(GET('/1') + GET('/2'));
    client.halfClose();
    const responses = splitResponses(await client.closed());
    assert.deepEqual(responses.map(bodyOf), ['GET /1 ', 'GET /2 ']);
  });

  test('a client that stops sending mid-request gets 400, as from node:http', async () => {
    const { port, requests } = await start();
    const client = new Client(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab');
    client.halfClose();
    assert.equal(await client.closed(), 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    assert.equal(requests.length, 0);
  });

  test('a client that disconnects mid-body is dropped without running the request', async () => {
    const { server, port, requests } = await start();
    const client = new Client(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab');
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.destroy();
    await server.close(); // resolves only once the connection is gone
    assert.equal(requests.length, 0);
  });
});

describe('Expect: 100-continue', () => {
  test('100 Continue before the body is read; none when the body came along', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-Continue\r\n\r\n');
    assert.equal(await client.until((text) => text.length > 0), 'HTTP/1.1 100 Continue\r\n\r\n');
    client.send('{}');
    const [, response] = await client.responses(2);
    assert.equal(bodyOf(response!), 'POST / {}');
    client.send(POST('{}', 'Expect: 100-continue\r\n'));
    const all = await client.responses(3);
    assert.equal(statusOf(all[2]!), 'HTTP/1.1 200 OK');
    client.destroy();
  });

  test('waits for the answers before it, so it never lands inside them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { port } = await start({
      handler: async (request) => {
        if (request.url === '/slow') await gate;
        return echo(request);
      },
    });
    const client = new Client(port);
    client.send(
      `${GET('/slow')}POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(client.received, '');
    release();
    await client.until((text) => text.endsWith('HTTP/1.1 100 Continue\r\n\r\n'));
    assert.equal(statusOf(client.received), 'HTTP/1.1 200 OK');
    client.send('{}');
    const responses = await client.responses(3);
    assert.equal(bodyOf(responses[2]!), 'POST / {}');
    client.destroy();
  });

  test('any other expectation is 417 and the handler is not called', async () => {
    const { port, requests } = await start();
    const client = new Client(port);
    client.send(POST('{}', 'Expect: something\r\n') + GET('/next'));
    const responses = await client.responses(2);
    assert.equal(statusOf(responses[0]!), 'HTTP/1.1 417 Expectation Failed');
    assert.equal(bodyOf(responses[1]!), 'GET /next ');
    assert.deepEqual(
      requests.map((r) => r.url),
      ['/next'],
    );
    client.destroy();
  });

  test('HTTP/1.0 ignores Expect, as node:http does', async () => {
    const { port } = await start();
    const client = new Client(port);
    client.send('POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n{}');
    const text = await client.closed();
    assert.equal(statusOf(text), 'HTTP/1.1 200 OK');
  });
});

describe('timeouts', () => {
  const timeouts = { headersTimeoutMs: 150, requestTimeoutMs: 300, keepAliveTimeoutMs: 100 };

  test('an idle keep-alive connection is closed quietly', async () => {
    const { port } = await start({ timeouts, sweepIntervalMs: 20 });
    const client = new Client(port);
    client.send(GET());
    await client.responses(1);
    const text = await client.closed();
    assert.equal(splitResponses(text).length, 1);
    assert.match(text, /Keep-Alive: timeout=0\r\n/);
  });

  test('a head that does not finish in time is 408', async () => {
    const { port } = await start({ timeouts, sweepIntervalMs: 20 });
    const client = new Client(port);
    client.send('GET / HTTP/1.1\r\nHost: x\r\n');
    assert.equal(
      await client.closed(),
      'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
    );
  });

  test('a connection that never sends is 408 after the headers timeout', async () => {
    const { port } = await start({ timeouts, sweepIntervalMs: 20 });
    const client = new Client(port);
    assert.equal(
      await client.closed(),
      'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
    );
  });

  test('a body that does not finish in time is 408 (slow loris)', async () => {
    const { port, requests } = await start({ timeouts, sweepIntervalMs: 20 });
    const client = new Client(port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n');
    const dribble = setInterval(() => client.send('a'), 10);
    try {
      assert.equal(
        await client.closed(),
        'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
      );
    } finally {
      clearInterval(dribble);
    }
    assert.equal(requests.length, 0);
  });
});

describe('back pressure', () => {
  test('many pipelined requests are all answered, in order', async () => {
    const { port } = await start();
    const client = new Client(port);
    const count = 300;
    client.send(Array.from({ length: count }, (_, i) => GET(`/${i}`)).join(''));
    const responses = await client.responses(count);
    assert.deepEqual(
      responses.map(bodyOf),
      Array.from({ length: count }, (_, i) => `GET /${i} `),
    );
    client.destroy();
  });

  test('a large body arriving in pieces is kept whole; past the limit it is flagged', async () => {
    const { port } = await start({ maxBodyBytes: 200_000 });
    const client = new Client(port);
    const body = 'b'.repeat(150_000);
    client.send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`);
    for (let i = 0; i < body.length; i += 10_000) client.send(body.slice(i, i + 10_000));
    client.send(POST('c'.repeat(200_001)));
    const responses = await client.responses(2);
    assert.equal(bodyOf(responses[0]!), `POST / ${body}`);
    assert.equal(bodyOf(responses[1]!), 'POST / TOO LARGE');
    client.destroy();
  });
});

describe('close()', () => {
  test('closes idle connections at once and stops listening', async () => {
    const { server, port } = await start();
    const client = new Client(port);
    client.send(GET());
    await client.responses(1);
    await server.close();
    await client.closed();
    assert.equal(server.listener.listening, false);
  });

  test('lets a running request finish; its answer says close and the connection ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const { server, port } = await start({
      handler: async (request) => {
        started();
        await gate;
        return echo(request);
      },
    });
    const client = new Client(port);
    client.send(GET('/slow'));
    await running;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(closed, false);
    release();
    await closing;
    const text = await client.closed();
    assert.match(text, /Connection: close\r\n\r\nGET \/slow $/);
  });

  test('waits for a request whose client already left', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const events: string[] = [];
    const { server, port } = await start({
      handler: async (request) => {
        started();
        await gate;
        events.push('handler done');
        return echo(request);
      },
    });
    const client = new Client(port);
    client.send(GET());
    await running;
    client.destroy();
    const closing = server.close().then(() => events.push('closed'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await closing;
    assert.deepEqual(events, ['handler done', 'closed']);
  });

  test('a socket accepted directly (as a TLS server would pass it) is served', async () => {
    const { server } = await start();
    const { createServer } = await import('node:net');
    const other = createServer((socket) => server.accept(socket));
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    try {
      const client = new Client((other.address() as AddressInfo).port);
      client.send(GET('/direct'));
      const [response] = await client.responses(1);
      assert.equal(bodyOf(response!), 'GET /direct ');
      client.destroy();
    } finally {
      other.close();
    }
  });
});
