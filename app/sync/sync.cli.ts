import type { CliCommand } from '../cli/command';
import { printResult } from '../cli/commands';
import { AppError, invalidInput } from '../contract/errors';
import { enrolDevice, enrolSchema } from './sync.enrol';
import { pushUntilDone } from './sync.push';

/**
 * `sync enrol --server URL --code CODE` and `sync push` (registered as two-word commands).
 * Output follows `printResult`: `{ ok, value }` / `{ ok: false, error }` on stdout with --json.
 */
export const syncCommands: Record<string, CliCommand> = {
  'sync enrol': {
    summary: 'Vincula este computador ao servidor de sincronização: sync enrol --server URL --code CÓDIGO',
    options: { server: { type: 'string' }, code: { type: 'string' } },
    run: async (app, _session, values, io) => {
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
};
