import { mkdirSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { AppError } from '../contract/errors';

/**
 * File-system problems of folders and files the user chose or the environment gave us (the
 * backup folder, `relatorios/` beside the database, an uploaded or copied backup, a key file):
 * they are the environment's, never a bug, so operations answer them as an AppError with a
 * pt-BR message — `folder_unavailable` for a folder, `file_unavailable` for a file — with
 * `details.path` and `details.reason` (the errno code), never `internal_error`.
 */

/** True for an error thrown by a `node:fs` call (it carries an errno `code` and the `syscall`). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    typeof (error as NodeJS.ErrnoException).syscall === 'string'
  );
}

/** The pt-BR reason for an errno code, said of `what` (e.g. "a pasta de relatórios"). */
function reasonPtBr(code: string | undefined, what: string, kind: 'folder' | 'file'): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `Sem permissão para acessar ${what}.`;
    case 'ENOTDIR':
      return kind === 'folder'
        ? `O caminho de ${what} não é uma pasta.`
        : `O caminho de ${what} passa por algo que não é uma pasta.`;
    case 'EISDIR':
      return `${capitalize(what)} é uma pasta, não um arquivo.`;
    case 'ENOENT':
      return `${capitalize(what)} não foi encontrad${what.startsWith('a ') ? 'a' : 'o'}.`;
    case 'EEXIST':
      return `Já existe um arquivo no lugar de ${what}.`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `Sem espaço em disco para gravar em ${what}.`;
    case 'EROFS':
      return `${capitalize(what)} está num disco somente leitura.`;
    case 'EMFILE':
    case 'ENFILE':
    case 'EBUSY':
      return `${capitalize(what)} está ocupad${what.startsWith('a ') ? 'a' : 'o'} agora; tente de novo.`;
    default:
      return `Não foi possível acessar ${what}.`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The AppError for a `node:fs` failure on `path`: `what` names it in pt-BR with its article
 * ("a pasta de relatórios", "o arquivo de backup"); `kind` decides the code.
 */
export function fileSystemProblem(error: unknown, path: string, what: string, kind: 'folder' | 'file'): AppError {
  const code = isFileSystemError(error) ? error.code : undefined;
  const english = error instanceof Error ? error.message : String(error);
  return new AppError(
    kind === 'folder' ? 'folder_unavailable' : 'file_unavailable',
    `${kind} ${path} unavailable: ${english}`,
    `${reasonPtBr(code, what, kind)} Caminho: ${path}`,
    { path, reason: code ?? 'unknown' },
  );
}

/** Runs `fn`; a `node:fs` failure becomes fileSystemProblem (anything else is rethrown as is). */
export function guardFs<T>(path: string, what: string, kind: 'folder' | 'file', fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isFileSystemError(error)) throw fileSystemProblem(error, path, what, kind);
    throw error;
  }
}

/** `mkdir -p` of a folder, 0700 when created. Throws `folder_unavailable`. */
export function ensureFolder(folder: string, what: string): void {
  guardFs(folder, what, 'folder', () => {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!statSync(folder).isDirectory()) {
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${folder}'`), {
        code: 'ENOTDIR',
        syscall: 'mkdir',
      });
    }
  });
}

/** The names in a folder. Throws `folder_unavailable` (missing, not a folder, no permission). */
export function listFolder(folder: string, what: string): string[] {
  return guardFs(folder, what, 'folder', () => readdirSync(folder));
}

/**
 * A regular file's stats, or null when it is gone (removed between listing and reading) or is
 * not a regular file (a folder, a socket). Other failures throw `file_unavailable`.
 */
export function regularFile(path: string, what: string): Stats | null {
  const info = guardFs(path, what, 'file', () => statSync(path, { throwIfNoEntry: false }));
  return info?.isFile() ? info : null;
}

/** A file's bytes. Throws `file_unavailable` (missing, a folder, no permission). */
export function readFileBytes(path: string, what: string): Buffer {
  return guardFs(path, what, 'file', () => readFileSync(path));
}
