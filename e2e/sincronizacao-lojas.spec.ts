import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { completeFirstRun, expect, OWNER, rpc, test } from './fixtures';

/**
 * The owner's Dashboard "Neste computador / Todas as lojas" (issue 14): two desktops of two stores
 * enrolled in the real sync server (`node --import tsx sync-server/bin.ts`, PGlite); the first
 * desktop's Dashboard shows both stores' KPIs, and the choice is disabled with its reason once
 * the server is gone.
 */
function syncServer(port: number, dataDir: string, args: string[] = [], output: 'pipe' | 'ignore' = 'ignore') {
  return spawn(process.execPath, ['--import', 'tsx', 'sync-server/bin.ts', ...args], {
    env: { ...process.env, BALCAO_LOG: 'silent', SYNC_PORT: String(port), SYNC_DATA_DIR: dataDir },
    stdio: ['ignore', output, 'inherit'],
  });
}

async function adminJson<T>(port: number, dataDir: string, args: string[]): Promise<T> {
  const child = syncServer(port, dataDir, [...args, '--json'], 'pipe');
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(out) as T;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

async function stop(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** A second desktop: its own `npm run web` process and database. */
async function startDesktop(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/web/server.mjs'], {
    env: { ...process.env, PORT: '0', BALCAO_DATA_DIR: dataDir, BALCAO_LOG: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(buffer);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`web server exited with ${code}`)));
  });
  return { url, child };
}

/** An operation through a request context that keeps its own session cookie. */
async function call<T>(request: APIRequestContext, url: string, op: string, data: unknown): Promise<T> {
  const body = (await (await request.post(`${url}/rpc/${op}`, { data })).json()) as {
    ok: boolean;
    value?: T;
    error?: { message: string };
  };
  expect(body, `${op}: ${body.error?.message ?? ''}`).toMatchObject({ ok: true });
  return body.value as T;
}

test.setTimeout(300_000);

test('Dashboard: "Todas as lojas" shows both enrolled stores; disabled with the reason when the server is gone', async ({
  page,
  server,
  playwright,
}) => {
  const syncDir = mkdtempSync(join(tmpdir(), 'balcao-e2e-lojas-'));
  const desktopDir = mkdtempSync(join(tmpdir(), 'balcao-e2e-lojas-b-'));
  const port = await freePort();
  const syncUrl = `http://127.0.0.1:${port}`;
  let sync: ChildProcess | null = null;
  let desktopB: ChildProcess | null = null;
  const requestB = await playwright.request.newContext();
  try {
    const tenant = await adminJson<{ tenant_id: string; enrolment_code: string }>(port, syncDir, [
      'create-tenant',
      '--name',
      'Rede Duas Lojas',
    ]);
    const second = await adminJson<{ enrolment_code: string }>(port, syncDir, [
      'enrolment-code',
      '--tenant',
      tenant.tenant_id,
    ]);
    sync = syncServer(port, syncDir);
    await expect
      .poll(
        () =>
          fetch(`${syncUrl}/health`, { signal: AbortSignal.timeout(5_000) }).then(
            (r) => r.status,
            () => 0,
          ),
        {
          timeout: 120_000,
        },
      )
      .toBe(200);

    const sell = async (request: APIRequestContext, url: string, sku: string, reais: number) => {
      await call(request, url, 'sales.apply', {
        action: 'upsert_product',
        transaction_data: { external_id: sku, name: sku, category: 'Geral', kind: 'goods', unit_price: reais * 100 },
      });
      await call(request, url, 'sales.apply', {
        action: 'register_sale',
        transaction_data: {
          external_id: `${sku}-1`,
          items: [{ variant_external_id: sku, qty: 1 }],
          payments: [{ method: 'pix', amount: reais * 100 }],
        },
      });
    };
    const pushed = (request: APIRequestContext, url: string) =>
      expect
        .poll(async () => (await call<{ pending: { count: number } }>(request, url, 'sync.status', {})).pending.count, {
          timeout: 90_000,
        })
        .toBe(0);

    // Desktop A (this page's server): its store, a sale of R$ 100,00, enrolled.
    await page.goto(server.url);
    await completeFirstRun(page);
    await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
    await sell(page.request, server.url, 'A-CAMISA', 100);
    await rpc(page, server.url, 'sync.enrol', { server_url: syncUrl, code: tenant.enrolment_code });
    await pushed(page.request, server.url);

    // Desktop B: another store (LJ02), a sale of R$ 250,00, enrolled in the same tenant.
    const b = await startDesktop(desktopDir);
    desktopB = b.child;
    await call(requestB, b.url, 'store.setup', { store: { name: 'Loja Dois', code: 'LJ02' }, owner: OWNER });
    await sell(requestB, b.url, 'B-CALCA', 250);
    await call(requestB, b.url, 'sync.enrol', { server_url: syncUrl, code: second.enrolment_code });
    await pushed(requestB, b.url);

    // A's Dashboard: this store, then all stores from the server.
    const nav = page.getByRole('navigation', { name: 'Navegação principal' });
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    const kpis = page.getByRole('region', { name: 'Indicadores do período' });
    // (This desktop's own view counts what it holds: B's sale too once pulled in the background.)
    await expect(kpis.getByTestId('kpi-net_revenue')).toContainText('R$', { timeout: 60_000 });
    const stores = page.getByRole('radiogroup', { name: 'Lojas' });
    await expect(stores.getByRole('radio', { name: 'Neste computador' })).toBeChecked();
    const all = stores.getByRole('radio', { name: 'Todas as lojas' });
    await expect(all).toBeEnabled();
    // Switching asks the status again first, so the radio turns checked a moment after the click.
    await all.click();
    await expect(all).toBeChecked();
    await expect(page.getByTestId('consolidated-grid')).toBeVisible({ timeout: 60_000 });
    await expect(kpis.getByTestId('kpi-net_revenue')).toContainText('R$ 350,00');
    const byStore = page.getByRole('region', { name: 'Por loja' });
    await expect(byStore).toContainText('Loja Dois');
    await expect(byStore).toContainText('Sapataria Boa Vista');
    await stores.getByRole('radio', { name: 'Neste computador' }).click();
    await expect(page.getByTestId('consolidated-grid')).toHaveCount(0);
    await expect(kpis.getByTestId('kpi-net_revenue')).toBeVisible();

    // The server is gone: once the desktop has noticed, the choice is disabled with the reason.
    await stop(sync, 'SIGKILL');
    await expect
      .poll(
        async () => {
          await rpc(page, server.url, 'sync.push_now', {});
          return (await rpc<{ connected: boolean }>(page, server.url, 'sync.status', {})).connected;
        },
        { timeout: 90_000, intervals: [1_000, 2_000, 3_000] },
      )
      .toBe(false);
    await nav.getByRole('link', { name: 'Vendas' }).click();
    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await expect(stores.getByRole('radio', { name: 'Todas as lojas' })).toBeDisabled();
    await expect(stores).toContainText(
      'Sem conexão com o servidor de sincronização: a visão de todas as lojas não está disponível agora.',
    );
  } finally {
    await requestB.dispose();
    await stop(desktopB, 'SIGTERM');
    await stop(sync, 'SIGKILL');
    rmSync(syncDir, { recursive: true, force: true });
    rmSync(desktopDir, { recursive: true, force: true });
  }
});
