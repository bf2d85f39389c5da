import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Context } from '../contract/context';
import { fsyncPath } from '../files/durable';
import { fileSystemProblem, isFileSystemError } from '../files/fs-errors';
import { DEFAULT_CSV, writeCsv, type CsvOptions } from './csv.writer';
import { exportSheet, type ExportKind } from './export.defs';
import { monthSheets } from './month.workbook';
import { monthlyReportData } from './report.data';
import { monthlyReportPdf } from './report.pdf';
import { ExportCancelled, writeXlsx } from './xlsx.writer';

/** What a report job produces. */
export type ReportSpec =
  | { kind: 'monthly'; month: string; location?: string | undefined; format: 'pdf' | 'xlsx' }
  | {
      kind: 'export';
      what: ExportKind;
      from: string;
      to: string;
      format: 'xlsx' | 'csv';
      csv?: CsvOptions | undefined;
    };

export interface JobHooks {
  /** Work done and total, in the job's own units (rows, or steps of the PDF). */
  progress?: (done: number, total: number) => void;
  /** Polled while writing; true stops the job (the partial file is removed). */
  shouldStop?: () => boolean;
  /**
   * The hidden file to write before the rename (`partPath(out)`), when the caller must know it:
   * a job whose worker is ended removes exactly its own part, never another job's.
   */
  part?: string;
}

/**
 * A new hidden partial file name beside `out`: `.NAME.<8 random hex>.part`, unique per
 * generation, so two jobs writing to the same name never share (or remove) a part.
 */
export function partPath(out: string): string {
  return join(dirname(out), `.${basename(out)}.${randomBytes(4).toString('hex')}.part`);
}

export interface GeneratedFile {
  path: string;
  bytes: number;
  rows: number;
}

/** The file name a spec gets by default, e.g. `relatorio-mensal-2026-10.pdf`, `vendas-2026-10-01-a-2026-10-31.csv`. */
export function defaultFileName(spec: ReportSpec): string {
  if (spec.kind === 'monthly') {
    const where = spec.location ? `-${spec.location.replace(/[^A-Za-z0-9_-]/g, '')}` : '';
    return `relatorio-mensal-${spec.month}${where}.${spec.format}`;
  }
  return `${spec.what}-${spec.from}-a-${spec.to}.${spec.format}`;
}

/**
 * Generates a report file at `out`, atomically: everything is written to a hidden `.part` file
 * beside it, flushed to the disk and renamed over `out` only when complete, so a failure, a
 * cancellation or a power cut never leaves a half-written file under the chosen name (the part
 * is removed). Async (exceljs and file
 * streams); reads the database with `ctx` — run it on a connection of its own when a bridge
 * keeps serving meanwhile (the jobs' worker does).
 */
export async function generateReport(
  ctx: Context,
  spec: ReportSpec,
  out: string,
  hooks: JobHooks = {},
): Promise<GeneratedFile> {
  const part = hooks.part ?? partPath(out);
  const progress = hooks.progress ?? (() => undefined);
  const stop = hooks.shouldStop ?? (() => false);
  let rows = 0;
  const checkStop = () => {
    if (stop()) throw new ExportCancelled();
  };
  try {
    checkStop();
    if (spec.kind === 'monthly') {
      const data = monthlyReportData(ctx, spec.month, spec.location);
      if (spec.format === 'pdf') {
        writeFileSync(part, monthlyReportPdf(data, progress));
      } else {
        const sheets = monthSheets(data);
        const total = sheets.reduce((n, s) => n + s.count, 0);
        await writeXlsx(part, sheets, (n) => progress((rows = n), total), stop);
      }
    } else {
      const sheet = exportSheet(ctx, spec.what, { from: spec.from, to: spec.to });
      const onRows = (n: number) => progress((rows = n), sheet.count);
      if (spec.format === 'xlsx') await writeXlsx(part, [sheet], onRows, stop);
      else await writeCsv(part, sheet, spec.csv ?? DEFAULT_CSV, onRows, stop);
    }
    checkStop();
    // Flushed before the rename, the folder after it: after a power cut the name holds the
    // whole file or nothing, never a file whose blocks were still in the page cache.
    fsyncPath(part);
    renameSync(part, out);
    fsyncPath(dirname(out));
  } catch (error) {
    try {
      rmSync(part, { force: true });
    } catch {
      // The folder itself is the problem (not a folder, no permission): there is no part to remove.
    }
    // A full disk or a folder that refuses writes is the environment's, not a bug.
    throw isFileSystemError(error) ? fileSystemProblem(error, dirname(out), 'a pasta de relatórios', 'folder') : error;
  }
  return { path: out, bytes: statSync(out).size, rows };
}
