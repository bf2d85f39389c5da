import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { newSession } from '../contract/context';
import { restoreRunningApp, runLiveOp } from './backup.live';
import { runBackup } from './backup.service';
import type { RestorePlan } from './backup.files';
import { stopAllJobs } from '../reports/reports.jobs';

afterAll(async () => {
  await stopAllJobs();
});

/** A store with sale S-1, a backup of it, then sale S-2 after the backup. */
async function storeWithBackup() {
  const { app, session } = await openStoreWithCatalog();
  applyOk(app, session, 'register_sale', saleData({ external_id: 'S-1' }));
  const backup = await runBackup(app.db, 'manual', app.clock);
  applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2' }));
  const plan: RestorePlan = { file: backup.file, name: basename(backup.file), uploaded: false };
  return { app, session, backup, plan };
}

function saleIds(app: Awaited<ReturnType<typeof storeWithBackup>>['app']): string[] {
  const sales = expectOk(app.dispatch('sales.query', {}, newSession(true)));
  return sales.sales.map((s) => s.external_id ?? '').sort();
}

/** Overwrites a database file's header: SQLite then refuses it as "not a database". */
function spoil(path: string): void {
  const bytes = readFileSync(path);
  bytes.fill(0x41, 0, 4096);
  writeFileSync(path, bytes);
}

describe('a restore whose file does not reopen', () => {
  it('puts the database kept aside back, answers restore_reopen_failed and keeps serving the data as before', async () => {
    const { app, plan } = await storeWithBackup();
    let aside = '';
    const failure = await restoreRunningApp(app, plan, newSession(true), {
      onStep: (step) => {
        // After the atomic rename the restored file is damaged (a disk, an antivirus…).
        if (step === 'done') spoil(app.path);
      },
    }).catch((e: unknown) => e);
    expect((failure as { code?: string }).code).toBe('restore_reopen_failed');
    expect((failure as { userMessage?: string }).userMessage).toBe(
      'O backup restaurado não pôde ser aberto; o banco de antes da restauração foi reaberto e nada foi alterado.',
    );
    aside = readdirSync(dirname(app.path)).find((f) => f.includes('-antes-da-restauracao-')) ?? '';
    expect(aside).not.toBe('');

    expect(app.unavailable()).toBeNull();
    expect(saleIds(app)).toEqual(['S-1', 'S-2']);
    app.close();
  });

  it('answers database_unavailable, never an endless restore_in_progress, when not even the kept copy opens', async () => {
    const { app, plan } = await storeWithBackup();
    const session = newSession(true);
    const answer = await runLiveOp(app, 'backup.restore', { name: plan.name }, session).catch((e: unknown) => e);
    // The first restore works; the second one fails after the rename with the kept copy gone too.
    expect((answer as { ok: boolean }).ok).toBe(true);
    applyOk(app, newSession(true), 'register_sale', saleData({ external_id: 'S-3' }));
    const second = await restoreRunningApp(app, plan, newSession(true), {
      onStep: (step) => {
        if (step !== 'done') return;
        spoil(app.path);
        for (const f of readdirSync(dirname(app.path))) {
          if (f.includes('-antes-da-restauracao-')) rmSync(join(dirname(app.path), f));
        }
      },
    }).catch((e: unknown) => e);
    expect((second as { code?: string }).code).toBe('database_unavailable');
    const refused = app.dispatch('sales.query', {}, newSession(true));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('database_unavailable');
    expect(app.unavailable()?.code).toBe('database_unavailable');
  });

  it('a backup the migrations cannot bring up is refused with backup_migration_failed; nothing changes', async () => {
    const { app, backup, plan } = await storeWithBackup();
    // The backup claims fewer migrations than it has: re-running the newest fails ("table exists").
    const raw = new BetterSqlite3(backup.file);
    const names = (raw.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[]).filter(
      (n) => n >= '0032',
    );
    for (const n of names) raw.prepare('DELETE FROM kysely_migration WHERE name = ?').run(n);
    raw.close();
    rmSync(`${backup.file}.sha256`);

    const answer = await runLiveOp(app, 'backup.restore', { name: plan.name }, newSession(true));
    expect(answer.ok ? 'ok' : answer.error.code).toBe('backup_migration_failed');
    expect(answer.ok ? '' : answer.error.message).toBe(
      'Este backup não pôde ser atualizado para a versão atual do Balcão (o arquivo tem dados ou estrutura inesperados); nada foi alterado.',
    );
    expect(app.unavailable()).toBeNull();
    expect(saleIds(app)).toEqual(['S-1', 'S-2']);
    expect(readdirSync(dirname(app.path)).filter((f) => f.includes('restauracao'))).toEqual([]);
    app.close();
  });
});

describe('uploads at once', () => {
  it('two backups uploaded while a backup is being written each restore from their own file; none is left behind', async () => {
    const { app, backup } = await storeWithBackup();
    // Read at once: backups taken within the same second share their automatic name.
    const withS1 = readFileSync(backup.file).toString('base64');
    const withS2 = readFileSync((await runBackup(app.db, 'manual', app.clock)).file).toString('base64');
    applyOk(app, newSession(true), 'register_sale', saleData({ external_id: 'S-3' }));
    // A backup being written makes both restores wait, so both uploads are planned before either runs.
    void runBackup(app.db, 'manual', app.clock);
    const upload = (content: string) =>
      runLiveOp(app, 'backup.restore_upload', { name: 'enviado.sqlite3', content_base64: content }, newSession(true));
    const [first, other] = await Promise.all([upload(withS1), upload(withS2)]);

    expect(first.ok ? 'ok' : first.error.code).toBe('ok');
    expect(other.ok ? 'ok' : other.error.code).toBe('restore_in_progress');
    // The first upload's own bytes were restored: the backup holding S-1 only.
    expect(saleIds(app)).toEqual(['S-1']);
    expect(readdirSync(dirname(app.path)).filter((f) => f.includes('.envio'))).toEqual([]);
    app.close();
  });
});

describe('report exports running during a restore', () => {
  it('are cancelled saying why, and the restore goes ahead instead of answering database_in_use', async () => {
    const { app, plan } = await storeWithBackup();
    const owner = newSession(true);
    const job = expectOk(app.dispatch('reports.export', { kind: 'monthly', month: '2026-11', format: 'pdf' }, owner));
    // Wait until the worker has its connections open and is working (it reports progress).
    for (;;) {
      const seen = expectOk(app.dispatch('reports.job', { job_id: job.job_id }, owner));
      if (seen.total > 0 || seen.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }

    const answer = await runLiveOp(app, 'backup.restore', { name: plan.name }, newSession(true));
    expect(answer.ok ? 'ok' : answer.error.code).toBe('ok');
    expect(saleIds(app)).toEqual(['S-1']);
    const after = expectOk(app.dispatch('reports.job', { job_id: job.job_id }, owner));
    expect([after.state, after.code, after.message]).toEqual([
      'cancelled',
      'cancelled_by_restore',
      'Cancelado porque um backup foi restaurado; gere o arquivo de novo.',
    ]);
    app.close();
  });
});
