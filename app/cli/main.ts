import { parseArgs } from 'node:util';
import { openBalcao } from '../balcao';
import { newSession } from '../contract/context';
import { defaultDatabasePath } from '../paths';
import { baseCommands } from './commands';
import { applyCommands } from '../sales/apply.cli';
import { cashCommands } from '../cash/cash.cli';
import { syncCommands } from '../sync/sync.cli';
import { schedulingCommands } from '../scheduling/scheduling.cli';
import { analyticsCommands } from '../analytics/analytics.cli';
import { leadCommands } from '../leads/leads.cli';
import { auditCommands } from '../audit/audit.cli';
import { paymentCommands } from '../payments/payments.cli';
import { reportCommands } from '../reports/reports.cli';
import { backupCommands, restoreCommands } from '../backup/backup.cli';
import type { CliCommand, CliIo } from './command';

const commands: Record<string, CliCommand> = {
  ...baseCommands,
  ...applyCommands,
  ...cashCommands,
  ...syncCommands,
  ...analyticsCommands,
  ...schedulingCommands,
  ...leadCommands,
  ...paymentCommands,
  ...reportCommands,
  ...auditCommands,
  ...backupCommands,
};

function usage(): string {
  const lines = Object.entries({ ...commands, ...restoreCommands }).map(
    ([name, c]) => `  ${name.padEnd(10)} ${c.summary}`,
  );
  return ['Uso: npm run -s cli -- <comando> [--db ARQUIVO] [--json] [opções]', '', 'Comandos:', ...lines].join('\n');
}

export async function runCli(argv: string[], io: Omit<CliIo, 'json'>): Promise<number> {
  // Two-word commands ("sync push") take their second word from the arguments.
  const twoWords = argv[0] && argv[1] && commands[`${argv[0]} ${argv[1]}`] ? 2 : 1;
  const name = argv.slice(0, twoWords).join(' ') || undefined;
  const rest = argv.slice(twoWords);
  const fileCommand = name ? restoreCommands[name] : undefined;
  const command: { options: CliCommand['options'] } | undefined = name ? (commands[name] ?? fileCommand) : undefined;
  if (!command) {
    io.err(name ? `Comando desconhecido: ${name}\n\n${usage()}` : usage());
    return 2;
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: rest,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, ...command.options },
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${usage()}`);
    return 2;
  }
  const dbPath = typeof values.db === 'string' ? values.db : defaultDatabasePath();
  // Commands that replace the database file must not hold it open.
  if (fileCommand) return fileCommand.run(dbPath, values, { ...io, json: values.json === true });
  const appCommand = commands[name ?? ''];
  if (!appCommand) return 2;
  const app = await openBalcao(dbPath);
  try {
    return await appCommand.run(app, newSession(true), values, { ...io, json: values.json === true });
  } finally {
    app.close();
  }
}
