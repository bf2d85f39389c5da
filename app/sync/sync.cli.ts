import type { CliCommand, CliIo } from '../cli/command';
import { printResult } from '../cli/commands';
import { AppError, invalidInput } from '../contract/errors';
import type { Db } from '../db/db';
import { enrolDevice, enrolSchema } from './sync.enrol';
import { joinSchema, joinStore } from './sync.join';
import { pullUntilUpToDate, type PullSummary } from './sync.pull';
import { pushUntilDone } from './sync.push';

/**
 * `sync enrol --server URL --code CODE` and `sync push` (registered as two-word commands).
 * Output follows `printResult`: `{ ok, value }` / `{ ok: false, error }` on stdout with --json.
 */
export const syncCommands: Record<string, CliCommand> = {
  'sync enrol': {
    summary:
      'Vincula este computador ao servidor: sync enrol --server URL --code CÓDIGO [--store LJ01 --register CX2 para entrar numa loja existente]',
    options: {
      server: { type: 'string' },
      code: { type: 'string' },
      store: { type: 'string' },
      register: { type: 'string' },
    },
    run: async (app, _session, values, io) => {
      if (values.store !== undefined || values.register !== undefined) return joinCommand(app.db, values, io);
      const parsed = enrolSchema.safeParse({ server_url: values.server ?? '', code: values.code ?? '' });
      if (!parsed.success) {
        const { message, issues } = invalidInput(parsed.error.issues);
        return printResult(io, { ok: false, error: { code: 'invalid_input', message, details: { issues } } });
      }
      try {
        const view = await enrolDevice(app.db, parsed.data, { now: () => new Date() });
        return printResult(io, { ok: true, value: view });
      } catch (error) {
        if (error instanceof AppError) {
          return printResult(io, { ok: false, error: { code: error.code, message: error.userMessage } });
        }
        throw error;
      }
    },
  },
  'sync push': {
    summary: 'Envia as alterações pendentes ao servidor até esvaziar a fila ou perder a conexão',
    options: {},
    run: async (app, _session, _values, io) => {
      const result = await pushUntilDone(app.db, { clock: { now: () => new Date() } });
      const { stopped, ...summary } = result;
      if (stopped === 'not_enrolled') {
        return printResult(io, {
          ok: false,
          error: {
            code: 'sync_not_enrolled',
            message: 'Este computador não está vinculado a um servidor de sincronização.',
          },
        });
      }
      if (io.json) {
        io.out(JSON.stringify(summary));
      } else {
        io.out(
          `Enviadas: ${summary.pushed}; já recebidas: ${summary.skipped}; recusadas: ${summary.rejected}; pendentes: ${summary.pending}`,
        );
        if (stopped === 'unreachable') io.err('Servidor de sincronização inacessível; tente novamente mais tarde.');
        if (stopped === 'unauthorized') io.err('O servidor recusou este computador; vincule-o novamente.');
      }
      return stopped === 'done' ? 0 : 3;
    },
  },
  'sync pull': {
    summary: 'Recebe do servidor as alterações das outras lojas e computadores até ficar em dia',
    options: {},
    run: async (app, _session, _values, io) => {
      const pull = await pullUntilUpToDate(app.db, { clock: { now: () => new Date() } });
      if (pull.stopped === 'not_enrolled') return printResult(io, { ok: false, error: NOT_ENROLLED });
      printPull(io, pull);
      return pull.stopped === 'done' ? 0 : 3;
    },
  },
  'sync run': {
    summary: 'Envia as alterações pendentes e depois recebe as do servidor até ficar em dia',
    options: {},
    run: async (app, _session, _values, io) => {
      const clock = { now: () => new Date() };
      const pushed = await pushUntilDone(app.db, { clock });
      if (pushed.stopped === 'not_enrolled') return printResult(io, { ok: false, error: NOT_ENROLLED });
      const { stopped: pushStopped, ...push } = pushed;
      if (pushStopped !== 'done') {
        if (io.json) io.out(JSON.stringify({ push, pull: null, stopped: pushStopped }));
        else io.err('Servidor de sincronização inacessível ou recusou este computador; tente novamente.');
        return 3;
      }
      const pull = await pullUntilUpToDate(app.db, { clock });
      if (io.json) io.out(JSON.stringify({ push, pull: pullView(pull), stopped: pull.stopped }));
      else {
        io.out(`Enviadas: ${push.pushed}; recusadas: ${push.rejected}; pendentes: ${push.pending}`);
        printPull(io, pull);
      }
      return pull.stopped === 'done' ? 0 : 3;
    },
  },
};

/**
 * `sync enrol --store LJ01 --register CX2` on a database with no store: joins that store of the
 * tenant (enrol, download everything, create the register). Progress goes to stderr without --json.
 */
async function joinCommand(db: Db, values: Record<string, unknown>, io: CliIo): Promise<number> {
  const parsed = joinSchema.safeParse({
    server_url: values.server ?? '',
    code: values.code ?? '',
    store: values.store ?? '',
    register: values.register ?? '',
  });
  if (!parsed.success) {
    const { message, issues } = invalidInput(parsed.error.issues);
    return printResult(io, { ok: false, error: { code: 'invalid_input', message, details: { issues } } });
  }
  let shown = -1;
  try {
    const view = await joinStore(db, parsed.data, {
      clock: { now: () => new Date() },
      onProgress: (p) => {
        if (io.json || p.tables_done === shown) return;
        shown = p.tables_done;
        io.err(`Baixando a loja: ${p.tables_done}/${p.tables_total} tabelas, ${p.rows} linhas`);
      },
    });
    return printResult(io, { ok: true, value: view });
  } catch (error) {
    if (error instanceof AppError) {
      return printResult(io, { ok: false, error: { code: error.code, message: error.userMessage } });
    }
    throw error;
  }
}

const NOT_ENROLLED = {
  code: 'sync_not_enrolled',
  message: 'Este computador não está vinculado a um servidor de sincronização.',
};

/** The pull as printed: totals and the tables where something moved. */
function pullView(pull: PullSummary) {
  return {
    stopped: pull.stopped,
    applied: pull.applied,
    tables: pull.tables.filter((t) => t.applied + t.held + t.conflicts + t.merged + t.refetched > 0),
  };
}

function printPull(io: { json: boolean; out(text: string): void; err(text: string): void }, pull: PullSummary) {
  const view = pullView(pull);
  if (io.json) return io.out(JSON.stringify(view));
  io.out(
    `Recebidas: ${view.applied} linhas (${view.tables.map((t) => `${t.table} ${t.applied}`).join(', ') || 'nada novo'})`,
  );
  if (pull.stopped === 'unreachable') io.err('Servidor de sincronização inacessível; tente novamente mais tarde.');
  if (pull.stopped === 'unauthorized') io.err('O servidor recusou este computador; vincule-o novamente.');
}
