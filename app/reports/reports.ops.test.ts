import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { expectOk, tempDbPath, tempDir } from '../../test/helpers';
import { openFixtureStore } from '../analytics/analytics.fixture';
import { addUser } from '../cash/cash.fixtures';
import { newSession, type Session } from '../contract/context';
import type { Balcao } from '../balcao';
import { reportsDir, stopAllJobs } from './reports.jobs';

// Each job starts a worker thread that loads the sources through tsx: slow on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

afterAll(async () => {
  await stopAllJobs();
});

function login(app: Balcao, name: string, role: 'manager' | 'cashier'): Session {
  addUser(app, name, role, '4321');
  const s = newSession();
  expectOk(app.dispatch('auth.login', { login: name, pin: '4321' }, s));
  return s;
}

async function store() {
  const { app } = await openFixtureStore(tempDbPath());
  const owner = newSession();
  expectOk(app.dispatch('auth.login', { login: 'ana', pin: '1234' }, owner));
  return { app, owner, manager: login(app, 'gerente', 'manager'), cashier: login(app, 'caixa', 'cashier') };
}

/** Polls the job until it is no longer running (the worker answers by messages). */
async function settle(app: Balcao, session: Session, jobId: string) {
  for (;;) {
    const job = expectOk(app.dispatch('reports.job', { job_id: jobId }, session));
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reports operations (issue 15)', () => {
  it('generates in a worker: job progress to done, the file listed in recentes and downloadable, audited', async () => {
    const { app, manager } = await store();
    const started = expectOk(
      app.dispatch(
        'reports.export',
        { kind: 'export', what: 'vendas', from: '2026-10-01', to: '2026-10-31', format: 'xlsx' },
        manager,
      ),
    );
    expect(started).toMatchObject({ name: 'vendas-2026-10-01-a-2026-10-31.xlsx', state: 'running' });
    const job = await settle(app, manager, started.job_id);
    expect(job).toMatchObject({ state: 'done', percent: 100, done: 11, total: 11 });
    const recent = expectOk(app.dispatch('reports.recent', {}, manager));
    expect(recent.map((f) => f.name)).toEqual(['vendas-2026-10-01-a-2026-10-31.xlsx']);
    const file = expectOk(app.dispatch('reports.file', { name: recent[0]?.name ?? '' }, manager));
    expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    const bytes = Buffer.from(file.base64, 'base64');
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(wb.getWorksheet('Vendas')?.rowCount).toBe(13);
    const audit = app.db.statement("SELECT operation FROM audit_log WHERE operation = 'reports.export'").all();
    expect(audit).toHaveLength(1);
    const pdf = expectOk(app.dispatch('reports.export', { kind: 'monthly', month: '2026-10', format: 'pdf' }, manager));
    expect(await settle(app, manager, pdf.job_id)).toMatchObject({
      state: 'done',
      name: 'relatorio-mensal-2026-10.pdf',
    });
    expect(
      readFileSync(join(reportsDir(app.db), 'relatorio-mensal-2026-10.pdf'))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    app.close();
  });

  it('cancels: no file under the chosen name, no partial file left', async () => {
    const { app, owner } = await store();
    const started = expectOk(
      app.dispatch(
        'reports.export',
        { kind: 'export', what: 'itens', from: '2026-01-01', to: '2026-12-31', format: 'csv' },
        owner,
      ),
    );
    expect(expectOk(app.dispatch('reports.cancel', { job_id: started.job_id }, owner)).state).toBe('running');
    const job = await settle(app, owner, started.job_id);
    expect(job).toMatchObject({ state: 'cancelled', message: 'Cancelado; nenhum arquivo foi gravado.' });
    expect(readdirSync(reportsDir(app.db))).toEqual([]);
    app.close();
  });

  it('is for owner and manager; a cashier is refused; jobs are seen only by who started them', async () => {
    const { app, owner, manager, cashier } = await store();
    const refused = app.dispatch('reports.export', { kind: 'monthly', month: '2026-10', format: 'pdf' }, cashier);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    expect(app.dispatch('reports.recent', {}, cashier).ok).toBe(false);
    const options = expectOk(app.dispatch('reports.options', {}, manager));
    expect(options.exports.map((e) => [e.what, e.personal, e.allowed])).toContainEqual(['clientes', true, true]);
    expect(options.locations.map((l) => l.code)).toEqual(['LJ01', 'LJ02']);
    const mine = expectOk(
      app.dispatch(
        'reports.export',
        { kind: 'export', what: 'clientes', from: '2026-10-01', to: '2026-10-31', format: 'csv' },
        manager,
      ),
    );
    const other = app.dispatch('reports.job', { job_id: mine.job_id }, owner);
    expect(other.ok ? 'ok' : other.error.code).toBe('not_found');
    await settle(app, manager, mine.job_id);
    const bad = app.dispatch(
      'reports.export',
      { kind: 'export', what: 'vendas', format: 'pdf', from: '2026-10-01', to: '2026-10-31' },
      owner,
    );
    expect(bad.ok ? [] : bad.error.details).toMatchObject({
      issues: [{ path: 'format', message: 'Exportações saem em XLSX ou CSV.' }],
    });
    const traversal = app.dispatch('reports.file', { name: '../balcao.sqlite3' }, owner);
    expect(traversal.ok ? 'ok' : traversal.error.code).toBe('invalid_input');
    app.close();
  });

  it('puts the store logo (store.set_logo in Configurações) on the cover', async () => {
    const { app, owner, manager } = await store();
    const png = readFileSync(join(process.cwd(), 'docs', 'shell.png'));
    expect(png.length).toBeLessThan(512 * 1024);
    const forbidden = app.dispatch('store.set_logo', { base64: png.toString('base64') }, manager);
    expect(forbidden.ok ? 'ok' : forbidden.error.code).toBe('forbidden');
    expect(expectOk(app.dispatch('store.set_logo', { base64: png.toString('base64') }, owner))).toEqual({
      has_logo: true,
      mime: 'image/png',
    });
    expect(expectOk(app.dispatch('store.logo', {}, manager)).base64).toBe(png.toString('base64'));
    expect(expectOk(app.dispatch('reports.options', {}, manager)).has_logo).toBe(true);
    const job = expectOk(app.dispatch('reports.export', { kind: 'monthly', month: '2026-10', format: 'pdf' }, owner));
    expect((await settle(app, owner, job.job_id)).state).toBe('done');
    const out = join(tempDir(), 'logo.pdf');
    writeFileSync(out, readFileSync(join(reportsDir(app.db), 'relatorio-mensal-2026-10.pdf')));
    const { execFileSync } = await import('node:child_process');
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' }).trim().split('\n');
    expect(images.length).toBeGreaterThanOrEqual(3); // header lines + the logo on page 1
    expect(images[2]).toMatch(/^\s+1\s/);
    expect(existsSync(out)).toBe(true);
    app.close();
  });
});
