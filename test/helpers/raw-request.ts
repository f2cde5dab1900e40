// Raw HTTP to the server, for requests the SDK refuses to send (wrong types, bad headers, …).

import { request } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  readonly body: any;
}

export const VALID_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIDTESTTEST/20250101/us-east-1/dynamodb/aws4_request, ' +
  'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' +
  '0'.repeat(64);

export interface RawRequestOptions {
  readonly method?: string;
  readonly path?: string;
  /** Headers to send; defaults to a well-formed DynamoDB request (override with undefined to drop). */
  readonly headers?: Record<string, string | undefined>;
}

/** Sends `body` (an object is JSON-encoded) to `target` operation `DynamoDB_20120810.<target>`. */
export async function rawRequest(
  endpoint: string,
  target: string | undefined,
  body: unknown,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const payload =
    typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/x-amz-json-1.0',
    'X-Amz-Date': '20250101T000000Z',
    Authorization: VALID_AUTHORIZATION,
    ...(target === undefined ? {} : { 'X-Amz-Target': `DynamoDB_20120810.${target}` }),
    ...options.headers,
  };
  const url = new URL(options.path ?? '/', endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'POST',
        headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
