import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import type { ExportColumn, SheetData } from './export.defs';
import { ExportCancelled, type WriteProgress } from './xlsx.writer';
import { worthParallel, writeBlocks } from './csv.parallel';
import { csvLine } from './csv.format';
import {
  byteSink,
  csvValue,
  DEFAULT_CSV,
  formatters,
  type CsvOptions,
  type Formatter,
  type LineSink,
} from './csv.cells';

export { csvValue, DEFAULT_CSV, type CsvOptions };

/** Windows-1252: lines as text, encoded by iconv per chunk. */
function textSink(columns: readonly ExportColumn[], format: readonly Formatter[], options: CsvOptions): LineSink {
  const d = options.delimiter;
  const n = columns.length;
  let chunk = '';
  return {
    row(raw) {
      let text = (format[0] as Formatter)(raw[0] ?? null);
      for (let i = 1; i < n; i++) text += d + (format[i] as Formatter)(raw[i] ?? null);
      chunk += `${text}\r\n`;
    },
    line: (text) => (chunk += `${text}\r\n`),
    take() {
      const bytes = iconv.encode(chunk, 'win1252');
      chunk = '';
      return bytes;
    },
    release: () => undefined,
  };
}

/**
 * Writes one sheet as CSV: header, rows, and (when the sheet has total columns) a "Total" line;
 * a sheet without rows writes its header and "Sem dados neste período.". UTF-8 files start with
 * a BOM and their rows are written byte by byte (`csv.bytes.ts`); Windows-1252 ones as text.
 * Every 2,000 rows the bytes go to the file stream, which may hold `IN_FLIGHT` bytes before the
 * writer waits for it (the disk writes overlap the next rows). A sheet with `parts` is written
 * in blocks, shared with a part worker when `parallel(rows)` says so (default `worthParallel`:
 * enough rows and a free core; tests pass `() => true` so the worker runs whatever the load).
 * Rejects with the file stream's error (ENOENT, ENOSPC…) or ExportCancelled.
 */
export async function writeCsv(
  path: string,
  data: SheetData,
  options: CsvOptions = DEFAULT_CSV,
  onRows: WriteProgress = () => undefined,
  shouldStop: () => boolean = () => false,
  parallel: (rows: number) => boolean = worthParallel,
): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: IN_FLIGHT });
  // The stream's error (the file cannot be opened, a full disk) is kept and thrown at the next
  // write or at the end: with blocks the writer yields between them, and an 'error' with no
  // listener then would be an uncaught exception (a crash), the export never settling.
  // (Declared with `as`: assigned in a callback, so TypeScript must not narrow it to null here.)
  let failure = null as Error | null;
  out.on('error', (error) => void (failure ??= error));
  const send = async (bytes: Uint8Array, written?: () => void) => {
    if (failure) throw failure;
    if (!out.write(bytes, written)) await once(out, 'drain');
  };
  const d = options.delimiter;
  const line = (cells: readonly string[]) => csvLine(cells, d);
  const format = formatters(data.columns, options);
  const sink = (options.encoding === 'utf8' ? byteSink : textSink)(data.columns, format, options);
  const n = data.columns.length;
  const totalAt = data.columns.map((c) => c.total === true);
  if (options.encoding === 'utf8') out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  sink.line(line(data.columns.map((c) => c.header)));
  const flush = async () => {
    const chunk = sink.take();
    await send(chunk, () => sink.release(chunk));
  };
  let totals: number[] = [];
  let rows = 0;
  try {
    if (data.parts) {
      await flush();
      // The part worker writes UTF-8 only: Windows-1252 blocks are all made here, through `sink`.
      ({ rows, totals } = await writeBlocks(data.parts, data.columns, options, send, {
        onRows,
        shouldStop,
        parallel: options.encoding === 'utf8' && parallel(data.count),
        lines: sink,
      }));
    } else
      for (const raw of data.rows) {
        sink.row(raw);
        for (let i = 0; i < n; i++) {
          const v = raw[i];
          if (totalAt[i] && typeof v === 'number') totals[i] = (totals[i] ?? 0) + v;
        }
        rows++;
        if (rows % 2000 === 0) {
          await flush();
          onRows(rows);
          if (shouldStop()) throw new ExportCancelled();
        }
      }
    if (rows === 0) sink.line('Sem dados neste período.');
    else if (data.columns.some((c) => c.total)) {
      sink.line(
        line(data.columns.map((c, i) => (i === 0 ? 'Total' : c.total ? csvValue(c, totals[i] ?? 0, options) : ''))),
      );
    }
    await flush();
  } finally {
    out.end();
    // Its error, if any, is `failure` (thrown below unless another error is already on its way).
    if (!out.closed) await once(out, 'close').catch(() => undefined);
  }
  if (failure) throw failure;
  onRows(rows);
}

/** Bytes the file stream may hold before the writer waits (encoding overlaps the disk writes). */
const IN_FLIGHT = 8 * 1024 * 1024;
