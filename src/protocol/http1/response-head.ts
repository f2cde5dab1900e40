// Formats HTTP/1.1 responses as the one string a connection writes: status line, the caller's
// headers, then Content-Length, Date and Connection in node:http's order and spelling.

/** Reason phrases of the statuses OpenDDB sends (node:http's STATUS_CODES wording). */
const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  417: 'Expectation Failed',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

/** What node:http writes for a request it cannot parse (no Date, no body), then it closes. */
export function protocolErrorResponse(status: number): string {
  return `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nConnection: close\r\n\r\n`;
}

export const CONTINUE_RESPONSE = 'HTTP/1.1 100 Continue\r\n\r\n';

let cachedDate: string | undefined;

/** The Date header's value, computed once per second as node:http does (`utcDate`). */
function httpDate(): string {
  if (cachedDate === undefined) {
    const now = new Date();
    cachedDate = now.toUTCString();
    setTimeout(() => (cachedDate = undefined), 1000 - now.getMilliseconds()).unref();
  }
  return cachedDate;
}

/**
 * The full response, as the one string or buffer a connection writes. `headers` alternates names
 * and values. With `keepAliveS` the connection stays open (`Connection: keep-alive`,
 * `Keep-Alive: timeout=…`), else `Connection: close`. A HEAD request gets the head alone, with the
 * Content-Length its body would have had. A body of bytes is copied after the head into one buffer
 * (one `write`, and no UTF-8 round trip of what already is UTF-8).
 */
export function formatResponse(
  status: number,
  headers: readonly string[],
  body: string | Uint8Array,
  keepAliveS: number | undefined,
  omitBody: boolean,
): string | Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  let head = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  head += `Content-Length: ${bodyBytes}\r\nDate: ${httpDate()}\r\n`;
  head +=
    keepAliveS === undefined
      ? 'Connection: close\r\n\r\n'
      : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveS}\r\n\r\n`;
  if (omitBody) return head;
  if (typeof body === 'string') return head + body;
  const headBytes = Buffer.byteLength(head, 'utf8');
  const wire = Buffer.allocUnsafe(headBytes + bodyBytes);
  wire.write(head, 0, headBytes, 'utf8');
  wire.set(body, headBytes);
  return wire;
}
