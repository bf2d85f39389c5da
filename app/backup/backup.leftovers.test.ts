import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBalcao } from '../balcao';
import { tempDbPath } from '../../test/helpers';

/** Writes `file` with an mtime `ageMs` in the past. */
function leftover(file: string, ageMs: number): string {
  writeFileSync(file, 'copy of the store');
  const at = new Date(Date.now() - ageMs);
  utimesSync(file, at, at);
  return file;
}

describe('leftovers of a killed backup or restore', () => {
  it('are removed when the app opens the database; fresh ones (an upload in progress) are kept', async () => {
    const path = tempDbPath();
    (await openBalcao(path)).close();
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
