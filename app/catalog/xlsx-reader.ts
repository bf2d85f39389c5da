import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** A cell's text, or the number a numeric cell (or a formula's numeric result) holds. */
export type XlsxCell = string | number;

type XlsxResult = { ok: true; rows: XlsxCell[][] } | { ok: false; message: string };

/**
 * Runs in a worker (CommonJS, from source text so no bundler has to know about it): exceljs
 * only reads asynchronously, while operation handlers are synchronous transactions. A numeric
 * cell stays the number it holds (the import rounds it to its field's unit); every other cell
 * becomes text.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { shared, port, content, exceljsPath } = workerData;
function done(message) {
  port.postMessage(message);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
}
function text(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'sim' : 'não';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return text(v.result);
  if ('text' in v) return text(v.text);
  return '';
}
try {
  const ExcelJS = require(exceljsPath);
  const workbook = new ExcelJS.Workbook();
  workbook.xlsx.load(content).then(
    () => {
      const sheet = workbook.worksheets[0];
      const rows = [];
      if (sheet) {
        sheet.eachRow({ includeEmpty: true }, (row, n) => {
          const cells = [];
          row.eachCell({ includeEmpty: true }, (cell, col) => { cells[col - 1] = text(cell.value); });
          rows[n - 1] = Array.from(cells, (c) => c ?? '');
        });
      }
      done({ ok: true, rows: Array.from(rows, (r) => r ?? []) });
    },
    (e) => done({ ok: false, message: String((e && e.message) || e) }),
  );
} catch (e) {
  done({ ok: false, message: String((e && e.message) || e) });
}
`;

function exceljsPath(): string {
  // The bundles define `require` (ESM via createRequire, CJS natively); elsewhere resolve from cwd.
  const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'index.js'));
  return req.resolve('exceljs');
}

/** The first worksheet of an .xlsx file as rows of cells (text or number), read synchronously. */
export function readXlsxRows(content: Buffer, timeoutMs = 30_000): XlsxResult {
  let path: string;
  try {
    path = exceljsPath();
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const shared = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { shared, port: port2, content, exceljsPath: path },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(shared, 0, 0, timeoutMs) === 'timed-out') return { ok: false, message: 'timed out' };
    const received = receiveMessageOnPort(port1);
    return received ? (received.message as XlsxResult) : { ok: false, message: 'no answer' };
  } finally {
    port1.close();
    void worker.terminate();
  }
}
