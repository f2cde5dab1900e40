// A lean DynamoDB JSON-protocol client for load: keep-alive sockets, headers built once per operation
// (a SigV4 signature computed once per request shape and reused), latency measured per request.

import { Agent, request } from 'node:http';
import { createHash, createHmac } from 'node:crypto';

const REGION = 'us-east-1';
const ACCESS_KEY = 'AKIDBENCHMARK';
const SECRET_KEY = 'bench-secret';

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

export class BenchClient {
  constructor(endpoint, maxSockets) {
    const url = new URL(endpoint);
    this.host = url.host;
    this.hostname = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.headersByOperation = new Map();
  }

  headers(operation, body) {
    let headers = this.headersByOperation.get(operation);
    if (!headers) {
      const target = `DynamoDB_20120810.${operation}`;
      const { amzDate, authorization } = signOnce(this.host, target, body);
      headers = {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': target,
        'x-amz-date': amzDate,
        authorization,
      };
      this.headersByOperation.set(operation, headers);
    }
    return headers;
  }

  /** Resolves { status, text } (text only when `keepText` or the answer is an error). */
  send(operation, payload, keepText = false) {
    const body = JSON.stringify(payload);
    const headers = { ...this.headers(operation, body), 'content-length': Buffer.byteLength(body) };
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          hostname: this.hostname,
          port: this.port,
          method: 'POST',
          path: '/',
          headers,
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = keepText || status !== 200 ? Buffer.concat(chunks).toString('utf8') : '';
            resolve({ status, text });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close() {
    this.agent.destroy();
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
