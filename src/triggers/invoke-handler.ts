// Invoking a trigger's handler: a JS/TS module in a worker thread, or an HTTP(S) URL by POST.

import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What the handler answered: its return value (JSON), or why the invocation failed. */
export type InvocationResult =
  | { readonly ok: true; readonly response: unknown }
  | { readonly ok: false; readonly functionError: string };

export interface Invocation {
  readonly handler: string;
  readonly functionName: string;
  readonly event: unknown;
  readonly timeoutMs: number;
}

// Runs inside the worker: imports the module, calls handler(event, context) with Lambda's context.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const module = await import(workerData.url);
  const handler = module.handler ?? module.default?.handler;
  if (typeof handler !== 'function') throw new TypeError('the module exports no handler function');
  const deadline = Date.now() + workerData.timeoutMs;
  const context = {
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    awsRequestId: workerData.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const response = await handler(workerData.event, context);
  parentPort.postMessage({ ok: true, response: response === undefined ? null : JSON.parse(JSON.stringify(response)) });
})().catch((error) => {
  parentPort.postMessage({ ok: false, functionError: (error && error.name ? error.name + ': ' : '') + String(error && error.message !== undefined ? error.message : error) });
});
`;

export function invokeHandler(invocation: Invocation): Promise<InvocationResult> {
  return /^https?:\/\//.test(invocation.handler) ? invokeUrl(invocation) : invokeModule(invocation);
}

/** One worker per invocation: a hung handler is terminated at the timeout, as Lambda stops it. */
function invokeModule(invocation: Invocation): Promise<InvocationResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        url: pathToFileURL(invocation.handler).href,
        event: invocation.event,
        functionName: invocation.functionName,
        requestId: randomUUID(),
        timeoutMs: invocation.timeoutMs,
      },
    });
    let settled = false;
    const finish = (result: InvocationResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, functionError: `Task timed out after ${invocation.timeoutMs} ms` }),
      invocation.timeoutMs,
    );
    worker.on('message', (message: InvocationResult) => finish(message));
    worker.on('error', (error) => finish({ ok: false, functionError: String(error) }));
    worker.on('exit', (code) => finish({ ok: false, functionError: `worker exited (${code})` }));
  });
}

/** POSTs the event; a non-2xx answer or no answer in time is a function error. */
async function invokeUrl(invocation: Invocation): Promise<InvocationResult> {
  try {
    const answer = await fetch(invocation.handler, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invocation.event),
      signal: AbortSignal.timeout(invocation.timeoutMs),
    });
    const text = await answer.text();
    if (!answer.ok) return { ok: false, functionError: `HTTP ${answer.status}: ${text}` };
    return { ok: true, response: text === '' ? null : (JSON.parse(text) as unknown) };
  } catch (error) {
    return { ok: false, functionError: String(error) };
  }
}
