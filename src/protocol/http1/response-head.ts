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
 * The full response text. `headers` alternates names and values. With `keepAliveS` the connection
 * stays open (`Connection: keep-alive`, `Keep-Alive: timeout=…`), else `Connection: close`. A HEAD
 * request gets the head alone, with the Content-Length its body would have had.
 */
export function formatResponse(
  status: number,
  headers: readonly string[],
  body: string,
  keepAliveS: number | undefined,
  omitBody: boolean,
): string {
  let text = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`;
  for (let i = 0; i + 1 < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
  text += `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\nDate: ${httpDate()}\r\n`;
  text +=
    keepAliveS === undefined
      ? 'Connection: close\r\n\r\n'
      : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveS}\r\n\r\n`;
  return omitBody ? text : text + body;
}
