import { resolve } from 'node:path';
import { AppError } from '../contract/errors';
import { isBusy } from '../db/db';
import { fileSystemProblem, isFileSystemError } from '../files/fs-errors';

/**
 * What the CLI prints (stderr) and its exit code for an error no command caught: the database
 * busy (75), a refusal (AppError: its code and pt-BR message), a file or folder named on the
 * command line (`argv`: `apply --file`, `--out`…, also as `--out=PATH`) that cannot be read or
 * written (`file_unavailable` in pt-BR with the path), else the English message of a fault (1):
 * a file-system error on a path the user did not give (an internal file) is a fault, not the
 * user's file.
 */
export function cliFailure(error: unknown, argv: readonly string[] = []): { text: string; exitCode: number } {
  if (isBusy(error)) {
    return { text: 'Erro (database_busy): o banco está ocupado por outro processo; tente novamente.', exitCode: 75 };
  }
  const refusal =
    error instanceof AppError
      ? error
      : isFileSystemError(error) && namedOnCommandLine(error, argv)
        ? fileSystemProblem(error, error.path ?? '', 'o arquivo informado', 'file')
        : null;
  if (refusal) return { text: `Erro (${refusal.code}): ${refusal.userMessage}`, exitCode: 1 };
  return { text: `Erro: ${error instanceof Error ? error.message : String(error)}`, exitCode: 1 };
}

/** True when the failing path (or rename target) is one of the command line's arguments, resolved. */
function namedOnCommandLine(error: NodeJS.ErrnoException & { dest?: string }, argv: readonly string[]): boolean {
  const given = new Set(argv.flatMap((arg) => [arg, arg.slice(arg.indexOf('=') + 1)]).map((arg) => resolve(arg)));
  return [error.path, error.dest].some((p) => typeof p === 'string' && given.has(resolve(p)));
}
