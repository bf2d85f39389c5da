import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Flushes a file, or a folder after a rename in it, to the disk: a file renamed into place after
 * its own flush, then the folder flushed, is whole under its name after a power cut too (a kill
 * alone needs neither). A path that cannot be opened is left alone; some platforms (Windows)
 * cannot flush a folder, where the rename is still atomic.
 */
export function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `bytes` to `path` whole or not at all, also across a kill or a power cut: into a hidden
 * part beside it (`mode` applies, default 0666 less the umask), flushed, then moved into place
 * and the folder flushed. `exclusive` keeps an existing file (as `flag: 'wx'`: throws EEXIST,
 * by a hard link, so two writers never replace each other's file); otherwise the file is
 * replaced. On any failure the part is removed and the error (Node's, with its `code`) thrown.
 */
export function writeFileDurably(
  path: string,
  bytes: Uint8Array | string,
  options: { mode?: number; exclusive?: boolean } = {},
): void {
  const part = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  try {
    writeFileSync(part, bytes, { mode: options.mode ?? 0o666, flag: 'wx' });
    fsyncPath(part);
    if (options.exclusive) placeExclusively(part, path);
    else renameSync(part, path);
    fsyncPath(dirname(path));
  } finally {
    rmSync(part, { force: true });
  }
}

/**
 * Moves `part` to `path` unless `path` exists (EEXIST). A hard link does it atomically; on a
 * folder whose file system has none (FAT/exFAT drives, some network shares: EPERM, ENOTSUP…)
 * the name is checked and the part renamed — a window only another writer of the same name
 * could use, and the file is still whole or absent.
 */
function placeExclusively(part: string, path: string): void {
  try {
    linkSync(part, path);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw error;
    }
  }
  if (existsSync(path)) {
    throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST', path });
  }
  renameSync(part, path);
}
