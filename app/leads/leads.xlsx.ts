import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * Writes an .xlsx in a worker (exceljs only writes asynchronously; operation handlers are
 * synchronous transactions), the same pattern as the catalog's reader (app/catalog/xlsx-reader.ts).
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { shared, port, sheetName, rows, exceljsPath } = workerData;
function done(message) {
  port.postMessage(message);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
}
try {
  const ExcelJS = require(exceljsPath);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  if (rows.length) sheet.getRow(1).font = { bold: true };
  workbook.xlsx.writeBuffer().then(
    (buffer) => done({ ok: true, base64: Buffer.from(buffer).toString('base64') }),
    (e) => done({ ok: false, message: String((e && e.message) || e) }),
  );
} catch (e) {
  done({ ok: false, message: String((e && e.message) || e) });
}
`;

type WriteResult = { ok: true; base64: string } | { ok: false; message: string };

function exceljsPath(): string {
  const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'index.js'));
  return req.resolve('exceljs');
}

/** One worksheet of rows (the first is the header) as base64 .xlsx bytes, written synchronously. */
export function writeXlsxBase64(sheetName: string, rows: (string | number)[][], timeoutMs = 60_000): WriteResult {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { shared, port: port2, sheetName, rows, exceljsPath: exceljsPath() },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(shared, 0, 0, timeoutMs) === 'timed-out') return { ok: false, message: 'timed out' };
    const received = receiveMessageOnPort(port1);
    return received ? (received.message as WriteResult) : { ok: false, message: 'no answer' };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
