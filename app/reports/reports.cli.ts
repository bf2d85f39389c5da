import { resolve } from 'node:path';
import type { CliCommand, CliIo } from '../cli/command';
import { newSession } from '../contract/context';
import { AppError, invalidInput } from '../contract/errors';
import { useBrazilianPortuguese } from '../contract/zod-pt-br';
import { ensureZoneOffsets } from '../analytics/tz';
import type { Balcao } from '../balcao';
import { generateReport, type ReportSpec } from './reports.service';
import { exportSpecSchema, monthlySpecSchema } from './reports.schemas';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function fail(io: CliIo, code: string, message: string): number {
  io.err(io.json ? JSON.stringify({ ok: false, error: { code, message } }) : `Erro (${code}): ${message}`);
  return 1;
}

/** Runs the specs one after another; prints `[{ file, bytes, rows }]` (JSON with --json). */
async function run(app: Balcao, io: CliIo, jobs: [ReportSpec, string][]): Promise<number> {
  ensureZoneOffsets(app.db);
  const ctx = { db: app.db, session: newSession(true), clock: app.clock };
  const done: { file: string; bytes: number; rows: number }[] = [];
  try {
    for (const [spec, out] of jobs) {
      const file = await generateReport(ctx, spec, resolve(out));
      done.push({ file: file.path, bytes: file.bytes, rows: file.rows });
    }
  } catch (error) {
    if (error instanceof AppError) return fail(io, error.code, error.userMessage);
    throw error;
  }
  io.out(
    io.json
      ? JSON.stringify({ ok: true, value: done })
      : done.map((d) => `Gerado: ${d.file} (${d.bytes} bytes)`).join('\n'),
  );
  return 0;
}

function parseError(io: CliIo, issues: readonly { path: readonly PropertyKey[]; message: string }[]): number {
  return fail(io, 'invalid_input', invalidInput(issues).message);
}

/** `report monthly` and `export` (issue 15). The CLI's system session has the owner's rights. */
export const reportCommands: Record<string, CliCommand> = {
  'report monthly': {
    summary: 'Relatório mensal: report monthly --month AAAA-MM [--location ID] --pdf SAIDA.pdf [--xlsx SAIDA.xlsx]',
    options: {
      month: { type: 'string' },
      location: { type: 'string' },
      pdf: { type: 'string' },
      xlsx: { type: 'string' },
    },
    run: (app, _session, v, io) => {
      useBrazilianPortuguese();
      const pdf = str(v.pdf);
      const xlsx = str(v.xlsx);
      if (!pdf && !xlsx) return fail(io, 'invalid_input', 'Informe --pdf ARQUIVO.pdf e/ou --xlsx ARQUIVO.xlsx.');
      const jobs: [ReportSpec, string][] = [];
      for (const [format, out] of [
        ['pdf', pdf],
        ['xlsx', xlsx],
      ] as const) {
        if (!out) continue;
        const parsed = monthlySpecSchema.safeParse({
          kind: 'monthly',
          month: str(v.month),
          location: str(v.location),
          format,
        });
        if (!parsed.success) return parseError(io, parsed.error.issues);
        jobs.push([parsed.data, out]);
      }
      return run(app, io, jobs);
    },
  },
  export: {
    summary:
      'Exporta: export --what vendas|itens|pagamentos|agendamentos|clientes|comissoes|rfm|leads --from AAAA-MM-DD --to AAAA-MM-DD (--xlsx SAIDA.xlsx | --csv SAIDA.csv) [--delimiter ,] [--encoding win1252]',
    options: {
      what: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      xlsx: { type: 'string' },
      csv: { type: 'string' },
      delimiter: { type: 'string' },
      encoding: { type: 'string' },
    },
    run: (app, _session, v, io) => {
      useBrazilianPortuguese();
      const xlsx = str(v.xlsx);
      const csv = str(v.csv);
      if (Boolean(xlsx) === Boolean(csv))
        return fail(io, 'invalid_input', 'Informe --xlsx ARQUIVO.xlsx ou --csv ARQUIVO.csv.');
      const parsed = exportSpecSchema.safeParse({
        kind: 'export',
        what: str(v.what),
        from: str(v.from),
        to: str(v.to),
        format: xlsx ? 'xlsx' : 'csv',
        delimiter: str(v.delimiter),
        encoding: str(v.encoding),
      });
      if (!parsed.success) return parseError(io, parsed.error.issues);
      const p = parsed.data;
      const spec: ReportSpec = {
        kind: 'export',
        what: p.what,
        from: p.from,
        to: p.to,
        format: p.format,
        csv: { delimiter: p.delimiter, encoding: p.encoding },
      };
      return run(app, io, [[spec, (xlsx ?? csv) as string]]);
    },
  },
};
