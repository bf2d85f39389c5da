import { resolve } from 'node:path';
import type { CliCommand, CliIo } from '../cli/command';
import { BackupError } from './backup.file';
import { restoreDatabase } from './backup.restore';
import { runBackup } from './backup.service';

/** A CLI command that works on the database file itself, without opening it through openBalcao. */
export interface FileCommand {
  summary: string;
  options: CliCommand['options'];
  run(dbPath: string, values: Record<string, unknown>, io: CliIo): Promise<number>;
}

function refuse(io: CliIo, error: unknown): number {
  const e =
    error instanceof BackupError
      ? { code: error.code, message: error.userMessage }
      : { code: 'internal_error', message: 'Falha inesperada.' };
  if (!(error instanceof BackupError)) io.err(`Erro: ${error instanceof Error ? error.message : String(error)}`);
  if (io.json) io.out(JSON.stringify({ ok: false, error: e }));
  else io.err(`Erro (${e.code}): ${e.message}`);
  return 1;
}

/**
 * `backup --db PATH --out FILE [--json]`: a checked online backup of the database into FILE;
 * prints `{ ok, file, bytes, sha256, integrity, migrations, taken_at }`.
 */
export const backupCommands: Record<string, CliCommand> = {
  backup: {
    summary: 'Faz backup verificado do banco: backup --db ARQUIVO --out BACKUP.sqlite3',
    options: { out: { type: 'string' } },
    run: async (app, _session, values, io) => {
      if (typeof values.out !== 'string' || values.out === '') {
        io.err('Informe o arquivo de destino com --out.');
        return 2;
      }
      try {
        const r = await runBackup(app.db, 'cli', app.clock, resolve(values.out));
        const out = {
          ok: true,
          file: r.file,
          bytes: r.bytes,
          sha256: r.sha256,
          integrity: r.integrity,
          migrations: r.migrations,
          taken_at: r.taken_at,
        };
        io.out(
          io.json
            ? JSON.stringify(out)
            : `Backup gravado e conferido: ${r.file} (${r.bytes} bytes, SHA-256 ${r.sha256}).`,
        );
        return 0;
      } catch (error) {
        return refuse(io, error);
      }
    },
  },
};

/**
 * `restore --db PATH --from FILE [--json]`: checks the backup and puts it in place of the
 * database, keeping the old one aside; prints `{ ok, restored_from, sha256, previous_kept_as,
 * migrations, sync }` or `{ ok: false, error: { code, message } }` (exit 1, nothing changed).
 */
export const restoreCommands: Record<string, FileCommand> = {
  restore: {
    summary: 'Restaura um backup verificado: restore --db ARQUIVO --from BACKUP.sqlite3',
    options: { from: { type: 'string' } },
    run: async (dbPath, values, io) => {
      if (typeof values.from !== 'string' || values.from === '') {
        io.err('Informe o backup com --from.');
        return 2;
      }
      try {
        const r = await restoreDatabase(resolve(dbPath), resolve(values.from), { now: new Date() });
        io.out(
          io.json
            ? JSON.stringify({ ok: true, ...r })
            : `Backup restaurado. O banco anterior foi guardado em ${r.previous_kept_as ?? '(não havia banco)'}.`,
        );
        return 0;
      } catch (error) {
        return refuse(io, error);
      }
    },
  },
};
