// One client connection of the HTTP/1.1 front door: parses its requests, runs them (pipelined ones
// concurrently), answers strictly in order, and closes it the way node:http would.

import type { Socket } from 'node:net';
import { RequestParser, type RequestHead } from './request-parser.js';
import { CONTINUE_RESPONSE, formatResponse, protocolErrorResponse } from './response-head.js';

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent, query string included. */
  readonly url: string;
  /** Lower-case names; repeated headers joined as node:http joins them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body as sent (any Content-Encoding still applied); empty when `bodyTooLarge`. */
  readonly body: Buffer;
  /** The body exceeded the limit: it was read to its end and dropped. */
  readonly bodyTooLarge: boolean;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names and values, alternating, sent in this order before Content-Length and Date. */
  readonly headers: readonly string[];
  /** Text is sent as UTF-8; bytes (e.g. stored JSON spliced into a response) as they are. */
  readonly body: string | Uint8Array;
}

/** Answers one request. It must not reject: a rejection drops the connection unanswered. */
export type RequestHandler = (request: HttpRequest) => Promise<HttpResponse>;

/** node:http's defaults: headersTimeout, requestTimeout, keepAliveTimeout. */
export interface Http1Timeouts {
  /** From the first byte of a request (or the connection's opening) to the end of its head. */
  readonly headersTimeoutMs: number;
  /** From the first byte of a request to the end of its body. */
  readonly requestTimeoutMs: number;
  /** How long a connection may sit idle after an answer before it is closed. */
  readonly keepAliveTimeoutMs: number;
}

/** What a connection needs from the server that accepted it. */
export interface ConnectionHost {
  readonly handler: RequestHandler;
  readonly timeouts: Http1Timeouts;
  readonly maxBodyBytes: number;
  /** Told when a handler starts and when it settles, so close() can wait for running requests. */
  started(): void;
  settled(): void;
  closed(connection: Connection): void;
}

/** One request on its way through: answered (`text` set) or not yet. */
interface Exchange {
  readonly head: RequestHead | undefined;
  /** The response ready to write, once known. */
  response: HttpResponse | undefined;
  /** A canned answer that ends the connection (a protocol error). */
  closingText: string | undefined;
  /** `100-continue` still owed to the client. */
  continueOwed: boolean;
  expectationFailed: boolean;
}

/** node:http's test for an `Expect` header it can meet (`continueExpression`). */
const CONTINUE_EXPECTATION = /(?:^|\W)100-continue(?:$|\W)/i;
const EXPECTATION_FAILED: HttpResponse = { status: 417, headers: [], body: '' };
/** Pipelined requests beyond this many unanswered ones wait in the socket (back pressure). */
const MAX_QUEUED = 64;

export class Connection {
  private readonly parser: RequestParser;
  private readonly queue: Exchange[] = [];
  /** The request whose head arrived and whose body is still arriving. */
  private receiving: Exchange | undefined;
  /** False once no further request may start: `Connection: close`, an error, shutdown, EOF. */
  private acceptMore = true;
  private ending = false;
  private destroyed = false;
  private paused = false;
  private answered = false;
  /** When the current request's first byte arrived (or the connection opened). */
  private messageStartMs: number;
  private idleSinceMs: number;
  private readonly keepAliveS: number;

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.parser = new RequestParser({ maxBodyBytes: host.maxBodyBytes });
    this.keepAliveS = Math.floor(host.timeouts.keepAliveTimeoutMs / 1000);
    this.messageStartMs = this.idleSinceMs = Date.now();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('drain', () => this.resume());
    // A client that resets the connection is simply gone: nobody is left to answer.
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.onClose());
  }

  /** Server shutdown: finish the requests already received, answer them, then close. */
  shutdown(): void {
    this.acceptMore = false;
    if (this.queue.length === 0) this.destroy();
  }

  /** Enforces the timeouts; the server calls it periodically. */
  sweep(nowMs: number): void {
    if (this.destroyed || this.ending) return;
    const timeouts = this.host.timeouts;
    if (this.receiving !== undefined) {
      if (nowMs - this.messageStartMs >= timeouts.requestTimeoutMs) this.timeOut();
    } else if (this.acceptMore && this.parser.midMessage) {
      if (nowMs - this.messageStartMs >= timeouts.headersTimeoutMs) this.timeOut();
    } else if (this.queue.length === 0) {
      // Idle: a fresh connection gets the headers timeout (with a 408), a used one the keep-alive.
      if (!this.answered) {
        if (nowMs - this.messageStartMs >= timeouts.headersTimeoutMs) this.timeOut();
      } else if (nowMs - this.idleSinceMs >= timeouts.keepAliveTimeoutMs) {
        this.destroy();
      }
    }
  }

  private onData(chunk: Buffer): void {
    if (!this.acceptMore && this.receiving === undefined) return; // RFC 9112 §9.6: ignore the rest
    if (!this.parser.midMessage) this.messageStartMs = Date.now();
    this.parser.push(chunk);
    this.pump();
  }

  private pump(): void {
    while (!this.paused && !this.destroyed) {
      const event = this.parser.next();
      if (event === undefined) break;
      if (event === 'head') {
        if (!this.onHead(this.parser.head!)) return;
      } else if (event === 'request') {
        this.onRequest();
      } else {
        this.fail(this.parser.errorStatus);
        return;
      }
    }
    this.sendContinue();
  }

  /** False when the connection stops reading requests. */
  private onHead(head: RequestHead): boolean {
    if (!this.acceptMore) return false;
    // node:http without a 'connect' listener drops CONNECT requests unanswered.
    if (head.method === 'CONNECT') {
      this.destroy();
      return false;
    }
    const exchange: Exchange = {
      head,
      response: undefined,
      closingText: undefined,
      continueOwed: false,
      expectationFailed: false,
    };
    if (head.versionMajor === 1 && head.versionMinor === 1) {
      // node:http's requireHostHeader.
      if (head.headers.host === undefined) {
        this.fail(400);
        return false;
      }
      const expect = head.headers.expect;
      if (expect !== undefined) {
        if (CONTINUE_EXPECTATION.test(expect)) exchange.continueOwed = true;
        else exchange.expectationFailed = true;
      }
    }
    if (!head.keepAlive) this.acceptMore = false;
    this.queue.push(exchange);
    this.receiving = exchange;
    return true;
  }

  private onRequest(): void {
    const exchange = this.receiving!;
    this.receiving = undefined;
    exchange.continueOwed = false;
    if (exchange.expectationFailed) {
      exchange.response = EXPECTATION_FAILED;
      this.flush();
      return;
    }
    const head = exchange.head!;
    const request: HttpRequest = {
      method: head.method,
      url: head.url,
      headers: head.headers,
      body: this.parser.body,
      bodyTooLarge: this.parser.bodyTooLarge,
    };
    this.host.started();
    this.host.handler(request).then(
      (response) => {
        this.host.settled();
        exchange.response = response;
        this.flush();
      },
      () => {
        this.host.settled();
        this.destroy();
      },
    );
    if (this.queue.length >= MAX_QUEUED) this.pause();
  }

  /** Writes every answer that is ready, in request order. */
  private flush(): void {
    if (this.destroyed) return;
    while (this.queue.length > 0) {
      const first = this.queue[0]!;
      if (first.closingText !== undefined) {
        this.queue.length = 0;
        this.socket.write(first.closingText);
        this.end();
        return;
      }
      const response = first.response;
      if (response === undefined) break;
      this.queue.shift();
      const last = !this.acceptMore && this.queue.length === 0;
      const keepAlive = first.head!.keepAlive && !last;
      const wire = formatResponse(
        response.status,
        response.headers,
        response.body,
        keepAlive ? this.keepAliveS : undefined,
        first.head!.method === 'HEAD',
      );
      this.answered = true;
      if (!this.socket.write(wire)) this.pause();
      if (!keepAlive) {
        this.end();
        return;
      }
    }
    if (this.queue.length === 0) {
      this.idleSinceMs = Date.now();
      if (!this.acceptMore) this.end();
    }
    if (this.paused && this.queue.length < MAX_QUEUED && !this.socket.writableNeedDrain) {
      this.resume();
    } else {
      this.sendContinue();
    }
  }

  /** `HTTP/1.1 100 Continue`, once the waiting request is next to be answered. */
  private sendContinue(): void {
    const exchange = this.receiving;
    if (exchange?.continueOwed !== true || this.queue[0] !== exchange) return;
    exchange.continueOwed = false;
    this.socket.write(CONTINUE_RESPONSE);
  }

  /** A request node:http cannot parse: answered after those before it, then the connection ends. */
  private fail(status: number): void {
    this.acceptMore = false;
    if (this.receiving !== undefined) {
      this.queue.pop();
      this.receiving = undefined;
    }
    this.queue.push({
      head: undefined,
      response: undefined,
      closingText: protocolErrorResponse(status),
      continueOwed: false,
      expectationFailed: false,
    });
    this.flush();
  }

  private timeOut(): void {
    const waitingOnlyForThis = this.queue.length === (this.receiving === undefined ? 0 : 1);
    if (waitingOnlyForThis) this.socket.write(protocolErrorResponse(408));
    this.destroy();
  }

  /** The client finished sending (FIN): answer what is complete, then close. */
  private onEnd(): void {
    if (this.receiving !== undefined || (this.acceptMore && this.parser.midMessage)) {
      this.fail(400); // node:http: the request was cut short (llhttp's invalid EOF state)
      return;
    }
    this.acceptMore = false;
    if (this.queue.length === 0) this.end();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  private resume(): void {
    if (!this.paused || this.destroyed || this.queue.length >= MAX_QUEUED) return;
    if (this.socket.writableNeedDrain) return;
    this.paused = false;
    this.socket.resume();
    this.pump();
  }

  /** Ends our side once written, then closes (node:http's destroySoon). */
  private end(): void {
    if (this.ending || this.destroyed) return;
    this.ending = true;
    this.acceptMore = false;
    this.socket.end(() => this.destroy());
  }

  private destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.socket.destroy();
  }

  private onClose(): void {
    this.destroyed = true;
    this.host.closed(this);
  }
}
