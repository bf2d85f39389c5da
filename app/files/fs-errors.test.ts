import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';
import { ensureZoneOffsets } from '../analytics/tz';
import { AppError } from '../contract/errors';
import { newSession } from '../contract/context';
import { BackupError } from '../backup/backup.file';
import { listBackupFiles } from '../backup/backup.files';
import { restoreDatabase } from '../backup/backup.restore';
import { runBackup } from '../backup/backup.service';
import { generateReport } from '../reports/reports.service';
import { clinicalKey } from '../lgpd/clinical.key';

// Folders and files the user chose or the environment gave (issue: a fault stands for its kind):
// each place that lists, stats, reads or writes them answers a clear AppError, never internal_error.
// The tests run as root here, so "unreadable" is made as "a file where a folder goes" or "a folder
// where a file goes" — the same errno path as a permission problem.

describe('the reports folder', () => {
  it('reports.recent, reports.export and reports.file answer folder_unavailable in pt-BR when relatorios is a file', async () => {
    const { app, session } = await openSetUpApp();
    const blocker = join(dirname(app.path), 'relatorios');
    writeFileSync(blocker, 'não é uma pasta');
    ensureZoneOffsets(app.db); // derived offsets reports.export computes first; not user data
    const before = dumpContent(app.db);

    const recent = app.dispatch('reports.recent', {}, session);
    expect(recent.ok).toBe(false);
    if (recent.ok) return;
    expect(recent.error.code).toBe('folder_unavailable');
    expect(recent.error.message).toBe(`Já existe um arquivo no lugar de a pasta de relatórios. Caminho: ${blocker}`);
    expect(recent.error.details).toEqual({ path: blocker, reason: 'EEXIST' });

    const started = app.dispatch(
      'reports.export',
      { kind: 'export', what: 'vendas', from: '2026-11-01', to: '2026-11-02', format: 'csv' },
      session,
    );
    expect(started.ok ? 'ok' : started.error.code).toBe('folder_unavailable');
    const file = app.dispatch('reports.file', { name: 'vendas-2026-11-01-a-2026-11-02.csv' }, session);
    expect(file.ok ? 'ok' : file.error.code).toBe('folder_unavailable');

    expect(readFileSync(blocker, 'utf8')).toBe('não é uma pasta');
    expect(dumpContent(app.db)).toEqual(before);
    app.close();
  });

  it('a folder named like a report is not listed by reports.recent and is not_found for reports.file', async () => {
    const { app, session } = await openSetUpApp();
    const dir = join(dirname(app.path), 'relatorios');
    mkdirSync(join(dir, 'pasta.pdf'), { recursive: true });
    writeFileSync(join(dir, 'vendas-2026-11-01-a-2026-11-02.csv'), 'a;b\n');

    const recent = expectOk(app.dispatch('reports.recent', {}, session));
    expect(recent.map((f) => f.name)).toEqual(['vendas-2026-11-01-a-2026-11-02.csv']);
    const file = app.dispatch('reports.file', { name: 'pasta.pdf' }, session);
    expect(file.ok ? 'ok' : file.error.code).toBe('not_found');
    app.close();
  });

  it('a report written into a folder that cannot take it is folder_unavailable, and no part file is left', async () => {
    const { app } = await openSetUpApp();
    ensureZoneOffsets(app.db);
    const notAFolder = join(dirname(app.path), 'arquivo');
    writeFileSync(notAFolder, 'x');
    const ctx = { db: app.db, session: newSession(true), clock: app.clock };
    const spec = { kind: 'export', what: 'vendas', from: '2026-11-01', to: '2026-11-02', format: 'csv' } as const;

    const failure = await generateReport(ctx, spec, join(notAFolder, 'vendas.csv')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('folder_unavailable');
    expect((failure as AppError).userMessage).toBe(
      `O caminho de a pasta de relatórios não é uma pasta. Caminho: ${notAFolder}`,
    );
    app.close();
  });
});

describe('the backup folder and backup files', () => {
  it('a backup whose checksum sidecar is a folder is listed as not verified (backup.status answers)', async () => {
    const { app, session } = await openSetUpApp();
    const backup = await runBackup(app.db, 'manual', app.clock);
    rmSync(`${backup.file}.sha256`);
    mkdirSync(`${backup.file}.sha256`);

    expect(listBackupFiles(app.db).map((f) => [f.name, f.verified, f.sha256])).toEqual([
      [basename(backup.file), false, null],
    ]);
    expect(app.dispatch('backup.status', {}, session).ok).toBe(true);
    app.close();
  });

  it('backup.restore of a folder named like a backup is backup_not_found (nothing planned)', async () => {
    const { app, session } = await openSetUpApp();
    mkdirSync(join(dirname(app.path), 'backups', 'antigo.sqlite3'), { recursive: true });

    const answer = app.dispatch('backup.restore', { name: 'antigo.sqlite3' }, session);
    expect(answer.ok ? 'ok' : answer.error.code).toBe('backup_not_found');
    app.close();
  });

  it('restoring from a path that is a folder is refused as backup_unreadable, and the database is untouched', async () => {
    const { app } = await openSetUpApp();
    const folder = join(dirname(app.path), 'copia.sqlite3');
    mkdirSync(folder);
    app.close();
    const before = readFileSync(app.path);

    const failure = await restoreDatabase(app.path, folder, { now: new Date('2026-11-30T12:00:00Z') }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(BackupError);
    expect((failure as BackupError).code).toBe('backup_unreadable');
    expect((failure as BackupError).userMessage).toBe(
      `O arquivo de backup é uma pasta, não um arquivo. Caminho: ${folder} Nada foi alterado.`,
    );
    expect(readFileSync(app.path).equals(before)).toBe(true);
    expect(existsSync(`${app.path}.restauracao`)).toBe(false);
  });
});

describe('the clinical key file beside the database', () => {
  it('a folder where the key file goes is clinical_key_unavailable in pt-BR (clinical.add / clinical.view answer it)', async () => {
    const { app } = await openSetUpApp();
    mkdirSync(`${app.path}.clinical-key`);

    const failure = (() => {
      try {
        return clinicalKey(app.db);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('clinical_key_unavailable');
    expect((failure as AppError).userMessage).toBe(
      'A chave das anotações clínicas deste computador não pôde ser lida ou guardada (arquivo da chave danificado, sem permissão ou cofre do sistema indisponível); nada foi alterado.',
    );
    app.close();
  });
});
