import type { CliCommand } from '../cli/command';
import { verifyAudit } from './audit.service';

/**
 * `audit verify --db PATH [--json]`: checks the audit trail's hash chains. With --json prints
 * `{ ok, rows, first_bad_row?, problem? }`; exit code 0 when intact, 4 when a row was edited,
 * deleted or moved.
 */
export const auditCommands: Record<string, CliCommand> = {
  'audit verify': {
    summary: 'Confere a trilha de auditoria (cadeia de hashes): audit verify --db ARQUIVO',
    options: {},
    run: (app, _session, _values, io) => {
      const verdict = verifyAudit(app.db);
      if (io.json) io.out(JSON.stringify(verdict));
      else if (verdict.ok) io.out(`Trilha de auditoria íntegra: ${verdict.rows} registros conferidos.`);
      else
        io.err(
          `Trilha de auditoria ALTERADA: o registro ${verdict.first_bad_row} da cadeia não confere (${verdict.rows} registros).`,
        );
      return verdict.ok ? 0 : 4;
    },
  },
};
