import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBalcao } from '../balcao';
import { migratedDbPath } from '../../test/helpers';
import { listBackupFiles, planRestore } from './backup.files';

/** Writes `file` with an mtime `ageMs` in the past. */
function leftover(file: string, ageMs: number): string {
  writeFileSync(file, 'copy of the store');
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
  return file;
}

describe('leftovers of a killed backup or restore', () => {
  it('are removed when the app opens the database; fresh ones (an upload in progress) are kept', async () => {
    // A migrated copy of the template: only the open under test runs the sweep.
    const path = await migratedDbPath();
    const backups = join(dirname(path), 'backups');
    mkdirSync(backups, { recursive: true });
    const hour = 60 * 60 * 1000;
    const oldUpload = leftover(`${path}.envio-0123456789ab`, hour);
    const oldUploadWal = leftover(`${path}.envio-0123456789ab-wal`, hour);
    const oldAside = leftover(`${path}.antes-2026-11-30T10-00-00.db.abcd1234.parcial`, hour);
    const oldBackup = leftover(join(backups, 'balcao-2026-11-30T10-00-00.db.abcd1234.parcial'), hour);
    const freshUpload = leftover(`${path}.envio-ba9876543210`, 5_000);
    const freshBackup = leftover(join(backups, 'balcao-2026-11-30T17-00-00.db.1234abcd.parcial'), 5_000);
    const unrelated = leftover(join(dirname(path), 'notes.txt'), hour);
    const app = await openBalcao(path);
    app.close();
    expect([oldUpload, oldUploadWal, oldAside, oldBackup].filter(existsSync)).toEqual([]);
    expect([freshUpload, freshBackup, unrelated].filter(existsSync)).toEqual([freshUpload, freshBackup, unrelated]);
  });
});

describe('the empty placeholder of a backup published without hard links', () => {
  it('is never listed nor restored, and is removed with its sidecar at open once 10 minutes old', async () => {
    const path = await migratedDbPath();
    const app = await openBalcao(path);
    const backups = join(dirname(path), 'backups');
    mkdirSync(backups, { recursive: true });
    const hour = 60 * 60 * 1000;
    // Killed between claiming the name (empty FILE, FILE.sha256 written before) and the rename.
    const name = 'balcao-backup-2026-11-30T10-00-00Z.sqlite3';
    const placeholder = aged(join(backups, name), '', hour);
    const sidecar = aged(`${placeholder}.sha256`, `${'a'.repeat(64)}  ${name}\n`, hour);
    const fresh = aged(join(backups, 'balcao-backup-2026-11-30T17-00-00Z.sqlite3'), '', 5_000);
    const real = aged(join(backups, 'balcao-backup-2026-11-29T10-00-00Z.sqlite3'), 'SQLite format 3\0…', hour);
    const handCopied = aged(join(backups, 'copia-manual.db'), 'SQLite format 3\0…', hour);
    try {
      const listed = listBackupFiles(app.db).map((f) => [f.name, f.bytes]);
      expect(listed.sort()).toEqual([
        ['balcao-backup-2026-11-29T10-00-00Z.sqlite3', 19],
        ['copia-manual.db', 19],
      ]);
      expect(() => planRestore(app.db, name)).toThrow(
        expect.objectContaining({
          code: 'backup_corrupted',
          userMessage:
            'Este arquivo de backup está vazio: a gravação foi interrompida antes de terminar. Escolha outro backup.',
        }),
      );
    } finally {
      app.close();
    }
    (await openBalcao(path)).close();
    expect([placeholder, sidecar].filter(existsSync)).toEqual([]);
    expect([fresh, real, handCopied].filter(existsSync)).toEqual([fresh, real, handCopied]);
  });
});

/** Writes `file` with `text` and an mtime `ageMs` in the past. */
function aged(file: string, text: string, ageMs: number): string {
  writeFileSync(file, text);
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
  return file;
}
