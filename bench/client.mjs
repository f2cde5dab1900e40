// A lean DynamoDB JSON-protocol client for load: raw keep-alive TCP connections, one request at a
// time on each (closed loop), request heads built once per operation (a SigV4 signature computed
// once per request shape and reused), responses parsed only as far as status and length. node:http's
// client costs about as much CPU per request as a bare server does, so with it on the same two cores
// the benchmark would mostly measure its own client (docs/performance.md).

import { connect } from 'node:net';
import { createHash, createHmac } from 'node:crypto';

const REGION = 'us-east-1';
const ACCESS_KEY = 'AKIDBENCHMARK';
const SECRET_KEY = 'bench-secret';
const HEAD_END = Buffer.from('\r\n\r\n');

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** A real SigV4 Authorization header for one request shape (servers here do not verify it). */
function signOnce(host, target, body) {
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const signedHeaders = 'content-type;host;x-amz-date;x-amz-target';
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:application/x-amz-json-1.0\nhost:${host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n`,
    signedHeaders,
    sha256(body),
  ].join('\n');
  const scope = `${day}/${REGION}/dynamodb/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${SECRET_KEY}`, day);
  for (const part of [REGION, 'dynamodb', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/**
 * One keep-alive connection answering one request at a time. Understands Content-Length and
 * chunked responses (Jetty, behind DynamoDB Local, may send either); a server that closes the
 * connection fails the request in flight, and the pool opens a new connection for the next one.
 */
class Connection {
  constructor(port, hostname, onBroken) {
    this.pending = undefined;
    this.buffer = Buffer.alloc(0);
    this.broken = false;
    this.socket = connect({ port, host: hostname, noDelay: true });
    this.socket.on('data', (chunk) => this.receive(chunk));
    const fail = (error) => {
      this.broken = true;
      onBroken(this);
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error ?? new Error('connection closed'));
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail());
  }

  send(bytes, keepText) {
    if (this.broken) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, keepText };
      this.socket.write(bytes);
    });
  }

  receive(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const pending = this.pending;
    if (pending === undefined) return;
    const response = parseResponse(this.buffer);
    if (response === undefined) return;
    this.buffer = this.buffer.subarray(response.consumed);
    this.pending = undefined;
    const text = pending.keepText || response.status !== 200 ? response.body.toString('utf8') : '';
    pending.resolve({ status: response.status, text });
  }
}

/** { status, body, consumed } once a whole response is in `buffer`, else undefined. */
function parseResponse(buffer) {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = buffer.latin1Slice(0, headEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headEnd + 4;
  const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (lengthMatch !== null) {
    const end = bodyStart + Number(lengthMatch[1]);
    if (buffer.length < end) return undefined;
    return { status, body: buffer.subarray(bodyStart, end), consumed: end };
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head))
    return parseChunked(buffer, status, bodyStart);
  return { status, body: Buffer.alloc(0), consumed: bodyStart };
}

function parseChunked(buffer, status, bodyStart) {
  const parts = [];
  let at = bodyStart;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.latin1Slice(at, lineEnd), 16);
    const dataEnd = lineEnd + 2 + size;
    if (buffer.length < dataEnd + 2) return undefined;
    if (size === 0) {
      // No trailers from these servers: the last chunk is followed by one empty line.
      return { status, body: Buffer.concat(parts), consumed: dataEnd + 2 };
    }
    parts.push(buffer.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
}

export class BenchClient {
  constructor(endpoint, maxSockets) {
    const url = new URL(endpoint);
    this.host = url.host;
    this.hostname = url.hostname;
    this.port = Number(url.port);
    this.maxSockets = maxSockets;
    this.idle = [];
    this.all = new Set();
    this.waiting = [];
    this.headsByOperation = new Map();
  }

  head(operation, body) {
    let head = this.headsByOperation.get(operation);
    if (head === undefined) {
      const target = `DynamoDB_20120810.${operation}`;
      const { amzDate, authorization } = signOnce(this.host, target, body);
      head =
        `POST / HTTP/1.1\r\nHost: ${this.host}\r\n` +
        `Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: ${target}\r\n` +
        `X-Amz-Date: ${amzDate}\r\nAuthorization: ${authorization}\r\nContent-Length: `;
      this.headsByOperation.set(operation, head);
    }
    return head;
  }

  /** Resolves { status, text } (text only when `keepText` or the answer is an error). */
  async send(operation, payload, keepText = false) {
    const body = JSON.stringify(payload);
    const bytes = `${this.head(operation, body)}${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const connection = await this.acquire();
    try {
      return await connection.send(bytes, keepText);
    } finally {
      this.release(connection);
    }
  }

  acquire() {
    let ready = this.idle.pop();
    while (ready?.broken) ready = this.idle.pop(); // closed by the server while idle
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.all.size < this.maxSockets) {
      const connection = new Connection(this.port, this.hostname, (broken) =>
        this.all.delete(broken),
      );
      this.all.add(connection);
      return Promise.resolve(connection);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(connection) {
    if (connection.broken) {
      // Its place in the pool is free again: a waiter gets a new connection.
      const waiter = this.waiting.shift();
      if (waiter !== undefined) void this.acquire().then(waiter);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter !== undefined) waiter(connection);
    else this.idle.push(connection);
  }

  close() {
    for (const connection of this.all) connection.socket.destroy();
    this.all.clear();
    this.idle = [];
  }
}

/**
 * Closed loop: `inFlight` loops each send the next request as soon as the previous one is answered,
 * for `durationMs`. Returns ops, errors (by __type), sorted latencies (ms) and elapsed seconds.
 */
export async function closedLoop(client, nextRequest, inFlight, durationMs) {
  const latencies = [];
  const errors = new Map();
  let ops = 0;
  const startedAt = performance.now();
  const deadline = startedAt + durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const [operation, payload] = nextRequest();
      const sentAt = performance.now();
      const { status, text } = await client.send(operation, payload);
      latencies.push(performance.now() - sentAt);
      ops += 1;
      if (status !== 200) {
        const type = String(JSON.parse(text || '{}').__type ?? status)
          .split('#')
          .pop();
        errors.set(type, (errors.get(type) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  latencies.sort((a, b) => a - b);
  return { ops, errors, latencies, elapsedSeconds };
}

export function percentile(sorted, fraction) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}
