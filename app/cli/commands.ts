import type { OpResult } from '../contract/errors';
import type { CliCommand, CliIo } from './command';

/** Prints an operation result: JSON only on stdout with --json, readable text otherwise. */
export function printResult(io: CliIo, result: OpResult<unknown>): number {
  if (io.json) {
    io.out(JSON.stringify(result));
    return result.ok ? 0 : 1;
  }
  if (result.ok) {
    io.out(JSON.stringify(result.value, null, 2));
    return 0;
  }
  io.err(`Erro (${result.error.code}): ${result.error.message}`);
  return 1;
}

export const baseCommands: Record<string, CliCommand> = {
  status: {
    summary: 'Mostra se a loja está configurada',
    options: {},
    run: (app, session, _values, io) => printResult(io, app.dispatch('app.status', {}, session)),
  },
  op: {
    summary: "Executa uma operação do contrato: op --name store.get --input '{...}'",
    options: { name: { type: 'string' }, input: { type: 'string' } },
    run: (app, session, values, io) => {
      const name = typeof values.name === 'string' ? values.name : '';
      let input: unknown = {};
      try {
        input = typeof values.input === 'string' ? (JSON.parse(values.input) as unknown) : {};
      } catch {
        return printResult(io, {
          ok: false,
          error: { code: 'invalid_input', message: 'O --input não é um JSON válido.' },
        });
      }
      return printResult(io, app.dispatch(name, input, session));
    },
  },
  setup: {
    summary:
      'Configura a loja: setup --store-name X --owner-name Y --login Z --pin 1234 [--store-code LJ01] [--timezone T] [--cnpj C]',
    options: {
      'store-name': { type: 'string' },
      'store-code': { type: 'string' },
      timezone: { type: 'string' },
      cnpj: { type: 'string' },
      'owner-name': { type: 'string' },
      login: { type: 'string' },
      pin: { type: 'string' },
    },
    run: (app, session, v, io) =>
      printResult(
        io,
        app.dispatch(
          'store.setup',
          {
            store: { name: v['store-name'], code: v['store-code'], timezone: v.timezone, cnpj: v.cnpj },
            owner: { name: v['owner-name'], login: v.login, pin: v.pin },
          },
          session,
        ),
      ),
  },
};
