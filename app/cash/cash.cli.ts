import type { CliCommand } from '../cli/command';
import { printResult } from '../cli/commands';
import type { ChainBreak, ChainCheck } from './cash-chain';

const BREAK_LABELS: Record<ChainBreak, string> = {
  missing_closing: 'fechamento ausente (apagado?)',
  prev_hash_mismatch: 'encadeamento com o fechamento anterior não confere',
  hash_mismatch: 'hash não confere (relatório ou hash alterado)',
  report_unreadable: 'relatório ilegível',
  report_mismatch: 'dados do fechamento diferem do relatório Z',
};

type RegisterCheck = ChainCheck & { register: string };

function describe(check: RegisterCheck): string {
  if (check.ok) return `${check.register}: íntegra (${check.checked} fechamento(s) verificado(s))`;
  const why = check.reason ? BREAK_LABELS[check.reason] : 'motivo desconhecido';
  return `${check.register}: QUEBRADA no fechamento nº ${check.broken_at ?? '?'} — ${why}`;
}

export const cashCommands: Record<string, CliCommand> = {
  'cash-verify': {
    summary: 'Verifica a cadeia de fechamentos de caixa (relatórios Z): cash-verify [--register CX1]',
    options: { register: { type: 'string' } },
    run: (app, session, values, io) => {
      const store = app.dispatch('store.get', {}, session);
      if (!store.ok) return printResult(io, store);
      const code = typeof values.register === 'string' ? values.register.trim().toUpperCase() : undefined;
      const registers = code ? store.value.registers.filter((r) => r.code === code) : store.value.registers;
      if (code && registers.length === 0) {
        return printResult(io, {
          ok: false,
          error: { code: 'unknown_register', message: `Caixa desconhecido: ${code}.`, details: { register: code } },
        });
      }
      const checks: RegisterCheck[] = [];
      for (const register of registers) {
        const result = app.dispatch('cash.verify-chain', { register_id: register.id }, session);
        if (!result.ok) return printResult(io, result);
        checks.push({ register: register.code, ...result.value });
      }
      const broken = checks.filter((c) => !c.ok);
      if (io.json) {
        return printResult(
          io,
          broken.length === 0
            ? { ok: true, value: { registers: checks } }
            : {
                ok: false,
                error: {
                  code: 'cash_chain_broken',
                  message: broken.map(describe).join('; '),
                  details: { registers: checks },
                },
              },
        );
      }
      for (const check of checks) {
        if (check.ok) io.out(describe(check));
        else io.err(describe(check));
      }
      return broken.length === 0 ? 0 : 1;
    },
  },
};
