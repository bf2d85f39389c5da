import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { roleHas } from '../auth/roles';
import type { Context } from '../contract/context';
import { op } from '../contract/define';
import { AppError } from '../contract/errors';
import { ensureZoneOffsets } from '../analytics/tz';
import { readFileBytes, regularFile } from '../files/fs-errors';
import { EXPORT_KINDS, PERSONAL_EXPORTS, type ExportKind } from './export.defs';
import { cancelJob, jobStatus, recentFiles, reportsDir, startJob } from './reports.jobs';
import { defaultFileName, type ReportSpec } from './reports.service';
import { fileNameSchema, fileRefSchema, jobRefSchema, openFileSchema, reportSpecSchema } from './reports.schemas';
import { readLogo } from './report.logo';
import { resolveLocation } from './report.data';

export const EXPORT_LABELS: Record<ExportKind, string> = {
  vendas: 'Vendas',
  itens: 'Itens vendidos',
  pagamentos: 'Pagamentos',
  agendamentos: 'Agendamentos',
  clientes: 'Clientes',
  comissoes: 'Comissões',
  rfm: 'RFM',
  leads: 'Leads',
};

function mayPersonal(ctx: Context): boolean {
  return ctx.session.system || (ctx.session.role !== null && roleHas(ctx.session.role, 'reports.personal'));
}

function requirePersonal(ctx: Context, what: string): void {
  if (!mayPersonal(ctx)) {
    throw new AppError(
      'forbidden',
      `Personal-data export ${what} needs reports.personal`,
      'Seu perfil não pode exportar dados pessoais (clientes e leads).',
      { permission: 'reports.personal' },
    );
  }
}

/** Files named after a personal-data export (clientes-…, leads-…). */
function isPersonalFile(name: string): boolean {
  return [...PERSONAL_EXPORTS].some((k) => name.startsWith(`${k}-`));
}

function existingFile(ctx: Context, name: string): string {
  const path = join(reportsDir(ctx.db), fileNameSchema.parse(name));
  if (!regularFile(path, `o arquivo ${name}`)) {
    throw new AppError('not_found', `Report file ${name} not found`, 'Arquivo não encontrado.');
  }
  if (isPersonalFile(name)) requirePersonal(ctx, name);
  return path;
}

const MIME: Record<string, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Opens a generated file, or its folder, with the system's own program (the bridge and the
 * Electron main process run on the desktop itself). `BALCAO_OPEN_COMMAND` replaces the program
 * (tests).
 */
function openWithSystem(path: string, reveal: boolean): void {
  const target = reveal ? dirname(path) : path;
  const custom = process.env.BALCAO_OPEN_COMMAND;
  const [cmd, args]: [string, string[]] = custom
    ? [custom, [target]]
    : process.platform === 'win32'
      ? reveal
        ? ['explorer.exe', [`/select,${path}`]]
        : ['cmd.exe', ['/c', 'start', '""', path]]
      : process.platform === 'darwin'
        ? ['open', reveal ? ['-R', path] : [path]]
        : ['xdg-open', [target]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

/** The reports operations (issue 15): owner and manager; clientes and leads need `reports.personal`. */
export const reportOps = {
  'reports.options': op({
    input: z.object({}),
    permission: 'reports.view',
    readonly: true,
    handler: (ctx) => ({
      locations: ctx.db.statement('SELECT id, code, name FROM stores ORDER BY code').all() as {
        id: string;
        code: string;
        name: string;
      }[],
      exports: EXPORT_KINDS.map((what) => ({
        what,
        label: EXPORT_LABELS[what],
        personal: PERSONAL_EXPORTS.has(what),
        allowed: !PERSONAL_EXPORTS.has(what) || mayPersonal(ctx),
      })),
      has_logo: readLogo(ctx.db) !== null,
    }),
  }),
  'reports.export': op({
    input: reportSpecSchema,
    permission: 'reports.view',
    readonly: true,
    handler: (ctx, input) => {
      if (!ctx.db.raw.readonly) ensureZoneOffsets(ctx.db);
      let spec: ReportSpec;
      if (input.kind === 'monthly') {
        const loc = resolveLocation(ctx, input.location);
        spec = {
          kind: 'monthly',
          month: input.month ?? '',
          location: loc?.code,
          format: input.format === 'xlsx' ? 'xlsx' : 'pdf',
        };
      } else {
        const what = input.what ?? 'vendas';
        if (PERSONAL_EXPORTS.has(what)) requirePersonal(ctx, what);
        spec = {
          kind: 'export',
          what,
          from: input.from ?? '',
          to: input.to ?? '',
          format: input.format === 'csv' ? 'csv' : 'xlsx',
          csv: { delimiter: input.delimiter, encoding: input.encoding },
        };
      }
      return startJob(ctx, spec, defaultFileName(spec));
    },
  }),
  'reports.job': op({
    input: jobRefSchema,
    permission: 'reports.view',
    readonly: true,
    handler: (ctx, input) => jobStatus(ctx, input.job_id),
  }),
  'reports.cancel': op({
    input: jobRefSchema,
    permission: 'reports.view',
    readonly: true,
    handler: (ctx, input) => cancelJob(ctx, input.job_id),
  }),
  'reports.recent': op({
    input: z.object({}),
    permission: 'reports.view',
    readonly: true,
    handler: (ctx) => recentFiles(ctx.db).filter((f) => !isPersonalFile(f.name) || mayPersonal(ctx)),
  }),
  'reports.file': op({
    input: fileRefSchema,
    permission: 'reports.view',
    readonly: true,
    handler: (ctx, input) => {
      const path = existingFile(ctx, input.name);
      const ext = input.name.split('.').pop() ?? '';
      return {
        name: input.name,
        mime: MIME[ext] ?? 'application/octet-stream',
        base64: readFileBytes(path, `o arquivo ${input.name}`).toString('base64'),
      };
    },
  }),
  'reports.open': op({
    input: openFileSchema,
    permission: 'reports.view',
    readonly: true,
    handler: (ctx, input) => {
      openWithSystem(existingFile(ctx, input.name), input.reveal);
      return { opened: true };
    },
  }),
};
