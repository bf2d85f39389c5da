import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** A raw HTTP answer, or the network failure that prevented one. */
export type RawAnswer = { status: number; text: string } | { error: string };

/**
 * Runs in a worker (from source text, so no bundler has to know about it): operation handlers
 * are synchronous, so the enrolment op waits here for one POST with `Atomics.wait`.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { shared, port, url, init, timeoutMs } = workerData;
function done(message) {
  port.postMessage(message);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
}
fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  .then(async (res) => done({ status: res.status, text: await res.text() }))
  .catch((e) => done({ error: String((e && e.cause && e.cause.message) || (e && e.message) || e) }));
`;

/**
 * POSTs a JSON body (with `headers`: a device token in `authorization`) and blocks until the
 * answer (at most `timeoutMs` plus a second). Only for rare, user-initiated calls (enrolment,
 * renumbering a sale to settle a conflict); the push loop is asynchronous.
 */
export function postJsonBlocking(
  url: string,
  body: string,
  timeoutMs = 10_000,
  headers: Record<string, string> = {},
): RawAnswer {
  return requestBlocking(
    url,
    { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body },
    timeoutMs,
  );
}

/**
 * GETs a URL with the given headers (a device token in `authorization`) and blocks until the
 * answer, like `postJsonBlocking`: for user-initiated reads from a synchronous handler (the
 * consolidated dashboard), which runs in the analytics worker thread, not the UI's.
 */
export function getBlocking(url: string, headers: Record<string, string>, timeoutMs = 10_000): RawAnswer {
  return requestBlocking(url, { method: 'GET', headers }, timeoutMs);
}

function requestBlocking(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): RawAnswer {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { shared, port: port2, url, init, timeoutMs },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(shared, 0, 0, timeoutMs + 1_000) === 'timed-out') return { error: 'timed out' };
    const received = receiveMessageOnPort(port1);
    return received ? (received.message as RawAnswer) : { error: 'no answer' };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
