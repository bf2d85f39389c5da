import { AppError } from '../contract/errors';
import { isBusy } from '../db/db';
import { fileSystemProblem, isFileSystemError } from '../files/fs-errors';

/**
 * What the CLI prints (stderr) and its exit code for an error no command caught: the database
 * busy (75), a refusal (AppError: its code and pt-BR message), a file or folder named on the
 * command line that cannot be read or written (`apply --file`, `--out`…: `file_unavailable` in
 * pt-BR with the path), else the English message of a fault (1).
 */
export function cliFailure(error: unknown): { text: string; exitCode: number } {
  if (isBusy(error)) {
    return { text: 'Erro (database_busy): o banco está ocupado por outro processo; tente novamente.', exitCode: 75 };
  }
  const refusal =
    error instanceof AppError
      ? error
      : isFileSystemError(error)
        ? fileSystemProblem(error, error.path ?? '', 'o arquivo informado', 'file')
        : null;
  if (refusal) return { text: `Erro (${refusal.code}): ${refusal.userMessage}`, exitCode: 1 };
  return { text: `Erro: ${error instanceof Error ? error.message : String(error)}`, exitCode: 1 };
}
