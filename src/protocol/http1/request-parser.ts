// Incremental, pure HTTP/1.1 request parser: bytes in, request heads and bodies out, accepting and
// rejecting exactly what node:http (llhttp, strict mode) accepts and rejects, with its limits.

/** node:http's default `maxHeaderSize`: the URL plus every header name and value, in bytes. */
export const MAX_HEADER_BYTES = 16 * 1024;
/** llhttp's bound on a message's chunk extensions; node answers 413 past it. */
const MAX_CHUNK_EXTENSION_BYTES = 16 * 1024;
/**
 * How much of an unfinished head (or trailer line) is buffered before answering 431. Larger than
 * MAX_HEADER_BYTES because that limit counts names and values only, not separators and spaces.
 */
const MAX_RAW_HEAD_BYTES = 64 * 1024;
/** node:http's `maxHeadersCount`: header lines past it are parsed but not kept. */
const MAX_HEADERS = 2000;

export interface RequestHead {
  readonly method: string;
  /** The request target as sent, query string included (presigned SigV4 requests use it). */
  readonly url: string;
  readonly versionMajor: number;
  readonly versionMinor: number;
  /** Lower-case names; repeated headers joined the way node:http joins them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** llhttp's verdict: HTTP/1.1 unless `Connection: close`, else only with `keep-alive`. */
  readonly keepAlive: boolean;
}

/** `head` (a head is ready), `request` (its body is complete) or `error` (answer `errorStatus`). */
export type ParseEvent = 'head' | 'request' | 'error';

export interface ParserLimits {
  /** Body bytes kept; a longer body is still consumed, then reported as `bodyTooLarge`. */
  readonly maxBodyBytes: number;
}

const CR = 0x0d;
const LF = 0x0a;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

/** llhttp's request methods (node:http's `METHODS`, less PRI, which only opens HTTP/2). */
const METHODS = new Set(
  (
    'ACL BIND CHECKOUT CONNECT COPY DELETE GET HEAD LINK LOCK M-SEARCH MERGE MKACTIVITY MKCALENDAR ' +
    'MKCOL MOVE NOTIFY OPTIONS PATCH POST PROPFIND PROPPATCH PURGE PUT QUERY REBIND REPORT SEARCH ' +
    'SOURCE SUBSCRIBE TRACE UNBIND UNLINK UNLOCK UNSUBSCRIBE'
  ).split(' '),
);
/** Every prefix of a method, so a stream that cannot become a request is refused at once. */
const METHOD_PREFIXES = new Set(
  [...METHODS].flatMap((method) => [...method].map((_, i) => method.slice(0, i + 1))),
);
/** The versions llhttp accepts; anything else is 400. */
const VERSIONS = new Set(['0.9', '1.0', '1.1', '2.0']);
/**
 * Lines of tab, visible ASCII, space and obs-text separated by CRLF: no other control character,
 * no DEL, no bare CR or LF. (A whole-text match is several times faster than searching for a
 * bad character.)
 */
const GOOD_HEAD = /^[\t\x20-\x7e\x80-\xff]*(?:\r\n[\t\x20-\x7e\x80-\xff]*)*$/;
const GOOD_LINE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** The start of a line: a CR may only be its last byte so far. */
const PARTIAL_LINE = /^[\t\x20-\x7e\x80-\xff]*\r?$/;
/** The start of a chunk-size line: hex digits, then perhaps extensions (checked at the line end). */
const PARTIAL_CHUNK_SIZE = /^(?:[0-9A-Fa-f]+(?:;[\t\x20-\x7e\x80-\xff]*)?\r?)?$/;
/** Method, one or more spaces, a target of visible ASCII, and a version (absent: HTTP/0.9). */
const REQUEST_LINE = /^([A-Z-]+) +([\x21-\x7e]+)(?: +HTTP\/(\d\.\d))?$/;
const ORIGIN_OR_ABSOLUTE = /^(?:[/*]|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CONTENT_LENGTH = /^[ \t]*(\d+) *$/;
const MAX_CONTENT_LENGTH = '18446744073709551615';
const CHUNK_EXTENSIONS =
  /^(?:;[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]*|"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t\x20-\x7e\x80-\xff])*"))?)+$/;
/** node:http keeps the first of these when repeated (`matchKnownFields` in _http_incoming.js). */
const FIRST_WINS = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
]);

/**
 * The headers object's prototype: empty, so no name reads an inherited property, yet not null,
 * which would put every headers object in V8's slow dictionary mode.
 */
const HEADERS_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

/** Raw header name → lower-case name, for names already checked: clients repeat the same few. */
const knownNames = new Map<string, string>();
const MAX_KNOWN_NAMES = 512;
/** The raw header names of the last heads parsed, by line, and their lower-case forms. */
const namesSeen: string[] = [];
const lowerNamesSeen: string[] = [];
const MAX_NAMES_SEEN = 64;
const COLON = 0x3a;

// Parser states.
const HEAD = 0;
const LENGTH_BODY = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_END = 4;
const TRAILERS = 5;
const BODY_DONE = 6;
const FAILED = 7;

/**
 * Feed bytes with `push`, then call `next` until it returns undefined (more bytes needed). Each
 * request yields `head` then `request`; after `error` the parser yields nothing more.
 */
export class RequestParser {
  /** The head of the current request, set when `next` returned `head`. */
  head: RequestHead | undefined;
  /** The complete body (empty when too large), set when `next` returned `request`. */
  body: Buffer = EMPTY;
  bodyTooLarge = false;
  /** The HTTP status node:http answers the error with: 400, 413 or 431. */
  errorStatus = 0;

  private buf: Buffer = EMPTY;
  private pos = 0;
  /** A buffer we own, holding unconsumed bytes across pushes; `buf` is a view of it. */
  private spill: Buffer | undefined;
  private state: number = HEAD;
  /** Where the search for the end of the head resumes, and how far its bytes were checked. */
  private scanFrom = 0;
  private checkedTo = 0;
  private linesCheckedTo = 0;
  private remaining = 0;
  private bodyChunks: Buffer[] = [];
  private bodyBytes = 0;
  private extensionBytes = 0;
  private trailerBytes = 0;

  constructor(private readonly limits: ParserLimits) {}

  /** True while part of a request has arrived but not all of it. */
  get midMessage(): boolean {
    return this.state !== HEAD ? this.state !== FAILED : this.pos < this.buf.length;
  }

  /** True once the current request's head is complete and its body is still arriving. */
  get readingBody(): boolean {
    return this.state !== HEAD && this.state !== FAILED;
  }

  push(chunk: Buffer): void {
    if (this.state === FAILED || chunk.length === 0) return;
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.buf = chunk;
      this.pos = 0;
      this.spill = undefined;
      this.scanFrom = 0;
      this.checkedTo = 0;
      this.linesCheckedTo = 0;
      return;
    }
    const size = rest + chunk.length;
    const spill = this.spill;
    // While `spill` is set, `buf` is its first bytes: append in place, so a head arriving byte by
    // byte is copied once rather than once per packet.
    if (spill !== undefined && size + this.pos <= spill.length) {
      chunk.copy(spill, this.buf.length);
      this.buf = spill.subarray(0, this.buf.length + chunk.length);
      return;
    }
    const next = Buffer.allocUnsafe(Math.max(size, rest * 2, 1024));
    this.buf.copy(next, 0, this.pos);
    chunk.copy(next, rest);
    this.spill = next;
    this.buf = next.subarray(0, size);
    this.scanFrom -= this.pos;
    this.checkedTo -= this.pos;
    this.linesCheckedTo -= this.pos;
    this.pos = 0;
  }

  next(): ParseEvent | undefined {
    for (;;) {
      switch (this.state) {
        case HEAD:
          return this.readHead();
        case LENGTH_BODY:
          this.take(Math.min(this.remaining, this.buf.length - this.pos));
          if (this.remaining > 0) return undefined;
          return this.finish();
        case CHUNK_SIZE:
          if (!this.readChunkSize()) return this.stalled();
          break;
        case CHUNK_DATA:
          this.take(Math.min(this.remaining, this.buf.length - this.pos));
          if (this.remaining > 0) return undefined;
          this.state = CHUNK_END;
          break;
        case CHUNK_END:
          if (!this.readChunkEnd()) return this.stalled();
          break;
        case TRAILERS:
          if (!this.readTrailer()) return this.stalled();
          break;
        case BODY_DONE:
          return this.finish();
        default:
          return undefined;
      }
    }
  }

  /** After a step made no progress: `error` if it failed, else undefined (more bytes needed). */
  private stalled(): 'error' | undefined {
    return this.state === FAILED ? 'error' : undefined;
  }

  private readHead(): ParseEvent | undefined {
    const buf = this.buf;
    // llhttp skips any CR and LF bytes before a request line (clients may add a CRLF after a body).
    while (this.pos < buf.length && (buf[this.pos] === CR || buf[this.pos] === LF)) this.pos += 1;
    const start = this.pos;
    if (start >= buf.length) return undefined;
    const end = buf.indexOf(HEAD_END, Math.max(start, this.scanFrom));
    if (end < 0) {
      this.scanFrom = Math.max(start, buf.length - 3);
      const status = this.checkPartialHead(start);
      return status === 0 ? undefined : this.fail(status);
    }
    const head = parseHead(buf.toString('latin1', start, end));
    if (typeof head === 'number') return this.fail(head);
    this.pos = end + 4;
    this.scanFrom = this.pos;
    this.checkedTo = this.pos;
    this.head = head.head;
    this.body = EMPTY;
    this.bodyTooLarge = false;
    this.bodyBytes = 0;
    if (head.chunked) {
      this.state = CHUNK_SIZE;
      this.extensionBytes = 0;
    } else if (head.contentLength > 0) {
      this.state = LENGTH_BODY;
      this.remaining = head.contentLength;
      this.bodyTooLarge = head.contentLength > this.limits.maxBodyBytes;
    } else {
      this.state = BODY_DONE;
    }
    return 'head';
  }

  /**
   * Refuses an unfinished head as soon as it cannot become a request, as llhttp does byte by byte:
   * a TLS handshake or other binary data on the plain port is answered 400 at once.
   */
  private checkPartialHead(start: number): number {
    const buf = this.buf;
    const to = buf.length;
    if (to - start > MAX_RAW_HEAD_BYTES) return 431;
    let i = Math.max(start, this.checkedTo);
    for (; i < to; i += 1) {
      const byte = buf[i]!;
      const previous = i > start ? buf[i - 1]! : 0;
      if (byte === LF ? previous !== CR : previous === CR) return 400;
      if ((byte < 0x20 && byte !== 0x09 && byte !== CR && byte !== LF) || byte === 0x7f) return 400;
    }
    // A trailing CR is judged when the byte after it arrives.
    this.checkedTo = buf[to - 1] === CR ? to - 1 : to;
    // Complete lines are judged now too, as llhttp judges every byte as it comes.
    let lineStart = Math.max(start, this.linesCheckedTo);
    for (let lineEnd = buf.indexOf(CRLF, lineStart); lineEnd >= 0;) {
      const line = buf.toString('latin1', lineStart, lineEnd);
      const valid = lineStart === start ? parseRequestLine(line) !== undefined : validHeader(line);
      if (!valid) return 400;
      lineStart = lineEnd + 2;
      lineEnd = buf.indexOf(CRLF, lineStart);
    }
    this.linesCheckedTo = lineStart;
    if (lineStart > start) return validPartialLine(buf.toString('latin1', lineStart, to)) ? 0 : 400;
    const space = buf.indexOf(0x20, start);
    const methodEnd = space < 0 ? to : space;
    if (methodEnd - start > 16) return 400;
    const method = buf.toString('latin1', start, methodEnd);
    const valid = space < 0 ? METHOD_PREFIXES.has(method) : METHODS.has(method);
    return valid ? 0 : 400;
  }

  private readChunkSize(): boolean {
    const buf = this.buf;
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0) {
      // Refuse at once what cannot become a size line; the extensions' grammar waits for the end.
      const pending = buf.length - this.pos;
      if (pending > MAX_CHUNK_EXTENSION_BYTES + 64) this.fail(413);
      else if (!PARTIAL_CHUNK_SIZE.test(buf.toString('latin1', this.pos))) this.fail(400);
      return false;
    }
    if (lf === this.pos || buf[lf - 1] !== CR) return this.failed(400);
    const lineEnd = lf - 1;
    let i = this.pos;
    let size = 0;
    for (; i < lineEnd; i += 1) {
      const digit = hexValue(buf[i]!);
      if (digit < 0) break;
      size = size * 16 + digit;
    }
    // Past 2^64 - 1 llhttp reports an overflow.
    if (i === this.pos || size > 0xffffffffffffffff) return this.failed(400);
    if (i < lineEnd) {
      const extensions = buf.toString('latin1', i, lineEnd);
      if (!CHUNK_EXTENSIONS.test(extensions)) return this.failed(400);
      this.extensionBytes += extensions.length;
      if (this.extensionBytes > MAX_CHUNK_EXTENSION_BYTES) return this.failed(413);
    }
    this.pos = lf + 1;
    if (size === 0) {
      this.state = TRAILERS;
      this.trailerBytes = 0;
    } else {
      this.state = CHUNK_DATA;
      this.remaining = size;
    }
    return true;
  }

  private readChunkEnd(): boolean {
    const buf = this.buf;
    const pending = buf.length - this.pos;
    if (pending === 0) return false;
    if (buf[this.pos] !== CR) return this.failed(400);
    if (pending === 1) return false;
    if (buf[this.pos + 1] !== LF) return this.failed(400);
    this.pos += 2;
    this.state = CHUNK_SIZE;
    return true;
  }

  /** Trailer fields are checked like headers, counted against the same limit, and dropped. */
  private readTrailer(): boolean {
    const buf = this.buf;
    const lf = buf.indexOf(LF, this.pos);
    if (lf < 0) {
      if (buf.length - this.pos > MAX_RAW_HEAD_BYTES) this.fail(431);
      else if (!validPartialLine(buf.toString('latin1', this.pos))) this.fail(400);
      return false;
    }
    if (lf === this.pos || buf[lf - 1] !== CR) return this.failed(400);
    const line = buf.toString('latin1', this.pos, lf - 1);
    this.pos = lf + 1;
    if (line === '') {
      this.state = BODY_DONE;
      return true;
    }
    if (!GOOD_LINE.test(line)) return this.failed(400);
    const colon = line.indexOf(':');
    if (colon <= 0 || headerName(line.slice(0, colon)) === undefined) return this.failed(400);
    this.trailerBytes += colon + trimmed(line, colon + 1, line.length).length;
    if (this.trailerBytes >= MAX_HEADER_BYTES) return this.failed(431);
    return true;
  }

  /** Consumes `count` body bytes, keeping them only while the body is within the limit. */
  private take(count: number): void {
    if (count === 0) return;
    this.remaining -= count;
    this.bodyBytes += count;
    if (!this.bodyTooLarge && this.bodyBytes > this.limits.maxBodyBytes) {
      this.bodyTooLarge = true;
      this.bodyChunks = [];
    }
    if (!this.bodyTooLarge) this.bodyChunks.push(this.buf.subarray(this.pos, this.pos + count));
    this.pos += count;
  }

  private finish(): ParseEvent {
    const chunks = this.bodyChunks;
    if (chunks.length === 1) this.body = chunks[0]!;
    else if (chunks.length > 1) this.body = Buffer.concat(chunks, this.bodyBytes);
    if (chunks.length > 0) this.bodyChunks = [];
    this.state = HEAD;
    this.scanFrom = this.pos;
    this.checkedTo = this.pos;
    return 'request';
  }

  private fail(status: number): 'error' {
    this.errorStatus = status;
    this.state = FAILED;
    this.buf = EMPTY;
    this.pos = 0;
    this.spill = undefined;
    this.bodyChunks = [];
    return 'error';
  }

  private failed(status: number): false {
    this.fail(status);
    return false;
  }
}

interface ParsedHead {
  readonly head: RequestHead;
  readonly chunked: boolean;
  readonly contentLength: number;
}

/**
 * Parses a complete head (the text before its blank line): a ParsedHead, or the status node:http
 * answers it with (400, or 431 past MAX_HEADER_BYTES).
 */
export function parseHead(text: string): ParsedHead | number {
  if (!GOOD_HEAD.test(text)) return 400;
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  const requestLine = parseRequestLine(text.slice(0, lineEnd));
  if (requestLine === undefined) return 400;
  const method = requestLine[1]!;
  const url = requestLine[2]!;
  const version = requestLine[3] ?? '0.9';
  const headers = Object.create(HEADERS_PROTOTYPE) as Record<string, string | undefined>;
  const framing: Framing = { contentLength: -1, chunked: false, close: false, keepAlive: false };
  let transferEncoding = false;
  let counted = url.length;
  let kept = 0;
  let lineNumber = 0;
  while (lineEnd < text.length) {
    const lineStart = lineEnd + 2;
    lineEnd = text.indexOf('\r\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    // Clients send the same names in the same order every time: check the name seen last time
    // at this position in place, before slicing and looking it up.
    const slot = lineNumber++;
    const expected = namesSeen[slot];
    let colon = lineStart + (expected?.length ?? 0);
    let name: string | undefined;
    if (
      expected !== undefined &&
      text.charCodeAt(colon) === COLON &&
      text.startsWith(expected, lineStart)
    ) {
      name = lowerNamesSeen[slot]!;
    } else {
      colon = text.indexOf(':', lineStart);
      if (colon <= lineStart || colon > lineEnd) return 400;
      const raw = text.slice(lineStart, colon);
      name = headerName(raw);
      if (name === undefined) return 400;
      if (slot < MAX_NAMES_SEEN) {
        namesSeen[slot] = raw;
        lowerNamesSeen[slot] = name;
      }
    }
    const value = trimmed(text, colon + 1, lineEnd);
    counted += colon - lineStart + value.length;
    if (counted >= MAX_HEADER_BYTES) return 431;
    if (name === 'content-length' || name === 'connection' || name === 'transfer-encoding') {
      if (!noteFraming(framing, name, value, text.slice(colon + 1, lineEnd))) return 400;
      transferEncoding ||= name === 'transfer-encoding';
    }
    if (kept < MAX_HEADERS) {
      kept += 1;
      addHeader(headers, name, value);
    }
  }
  // llhttp (strict) refuses both framings at once, and a request coding other than chunked last.
  const { contentLength, chunked } = framing;
  if (transferEncoding && (contentLength >= 0 || !chunked)) return 400;
  const versionMajor = version.charCodeAt(0) - 48;
  const versionMinor = version.charCodeAt(2) - 48;
  const keepAlive = versionMajor > 0 && versionMinor > 0 ? !framing.close : framing.keepAlive;
  return {
    head: { method, url, versionMajor, versionMinor, headers, keepAlive },
    chunked,
    contentLength: Math.max(contentLength, 0),
  };
}

/** What the framing headers said so far: Content-Length (-1: none), chunked, Connection options. */
interface Framing {
  contentLength: number;
  chunked: boolean;
  close: boolean;
  keepAlive: boolean;
}

/** Records a Content-Length, Transfer-Encoding or Connection line; false when llhttp refuses it. */
function noteFraming(framing: Framing, name: string, value: string, raw: string): boolean {
  if (name === 'content-length') {
    const digits = CONTENT_LENGTH.exec(raw)?.[1];
    if (framing.contentLength >= 0 || digits === undefined || tooLong(digits)) return false;
    framing.contentLength = Number(digits);
    return true;
  }
  for (const part of value.split(',')) {
    const token = trimmed(part, 0, part.length).toLowerCase();
    if (name === 'connection') {
      if (token === 'close') framing.close = true;
      else if (token === 'keep-alive') framing.keepAlive = true;
    } else {
      // `chunked` must come last, once, across every Transfer-Encoding line.
      if (framing.chunked) return false;
      framing.chunked = token === 'chunked';
    }
  }
  return true;
}

/** Method, target and version (undefined: 0.9) of a request line llhttp accepts, else undefined. */
function parseRequestLine(line: string): RegExpExecArray | undefined {
  const match = REQUEST_LINE.exec(line);
  if (match === null || !METHODS.has(match[1]!) || !VERSIONS.has(match[3] ?? '0.9')) {
    return undefined;
  }
  const acceptedTarget = match[1] === 'CONNECT' || ORIGIN_OR_ABSOLUTE.test(match[2]!);
  return acceptedTarget ? match : undefined;
}

/** A header line whose name is a token followed by a colon (its bytes are checked apart). */
function validHeader(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && TOKEN.test(line.slice(0, colon));
}

/** The start of a header line (or the CR of a blank line) that could still become valid. */
function validPartialLine(text: string): boolean {
  if (text === '' || text === '\r') return true;
  if (!PARTIAL_LINE.test(text)) return false;
  const colon = text.indexOf(':');
  return colon < 0 ? TOKEN.test(text) : colon > 0 && TOKEN.test(text.slice(0, colon));
}

/** The lower-case name, or undefined when `raw` is not a token. */
function headerName(raw: string): string | undefined {
  const known = knownNames.get(raw);
  if (known !== undefined) return known;
  if (!TOKEN.test(raw)) return undefined;
  const lower = raw.toLowerCase();
  if (knownNames.size < MAX_KNOWN_NAMES) knownNames.set(raw, lower);
  return lower;
}

/** `text` from `from` to `to` without the spaces and tabs around it (0xA0 is a value byte). */
function trimmed(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isBlank(text.charCodeAt(start))) start += 1;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Past 2^64 - 1 llhttp reports an overflow. */
function tooLong(digits: string): boolean {
  if (digits.length < MAX_CONTENT_LENGTH.length) return false;
  const significant = digits.replace(/^0+(?=\d)/, '');
  return (
    significant.length > MAX_CONTENT_LENGTH.length ||
    (significant.length === MAX_CONTENT_LENGTH.length && significant > MAX_CONTENT_LENGTH)
  );
}

function addHeader(headers: Record<string, string | undefined>, name: string, value: string) {
  const prior = headers[name];
  if (prior === undefined) headers[name] = value;
  else if (!FIRST_WINS.has(name))
    headers[name] = `${prior}${name === 'cookie' ? '; ' : ', '}${value}`;
}

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
