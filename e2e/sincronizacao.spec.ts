import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Browser, Page } from '@playwright/test';
import { completeFirstRun, expect, rpc, test } from './fixtures';

/** The real sync server (`tsx sync-server/bin.ts`) on PGlite in its own folder. */
class SyncServerProcess {
  child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private run(args: string[], output: 'pipe' | 'ignore' = 'pipe'): ChildProcess {
    // `node --import tsx`, one process: SIGKILL must stop the server itself.
    return spawn(process.execPath, ['--import', 'tsx', 'sync-server/bin.ts', ...args], {
      env: { ...process.env, BALCAO_LOG: 'silent', SYNC_PORT: String(this.port), SYNC_DATA_DIR: this.dataDir },
      // stderr inherited (read by Playwright): only stdout is ours to read or ignore.
      stdio: ['ignore', output, 'inherit'],
    });
  }

  /** An admin command's JSON answer (`create-tenant` before the server holds the folder, or through it). */
  private async admin<T>(args: string[]): Promise<T> {
    const child = this.run([...args, '--json']);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    return JSON.parse(out) as T;
  }

  createTenant(name: string): Promise<{ tenant_id: string; enrolment_code: string }> {
    return this.admin(['create-tenant', '--name', name]);
  }

  enrolmentCode(tenantId: string): Promise<{ enrolment_code: string }> {
    return this.admin(['enrolment-code', '--tenant', tenantId]);
  }

  async start(): Promise<void> {
    // Nobody reads the server's logs here: a pipe left unread fills and blocks the server.
    this.child = this.run([], 'ignore');
    // Each probe gives up after 5 s: one request left unanswered must not hold the poll (fetch
    // itself waits up to 5 minutes for headers). PGlite recovering after a SIGKILL on a slow,
    // busy CI machine may take a while to listen again.
    await expect
      .poll(
        () =>
          fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 120_000 },
      )
      .toBe(200);
  }

  /**
   * SIGKILLs the server and waits for it to be gone. A child already gone (killed before: its
   * `exitCode` stays null, `signalCode` is set) returns at once — waiting for a second 'exit'
   * would never end (this is what made the test hang in `finally` after an earlier failure).
   */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

test.setTimeout(480_000);

// Once marked fixme: on a slow CI run one wait after the server's SIGKILL ran out, and the
// `finally` then called kill() again on the dead child, waiting forever for a second 'exit'
// (a signalled child keeps exitCode null) until the 5-minute timeout. kill() now sees a child
// that is gone; every wait is bounded; the desktop's pull gives up on a dead server in seconds.
test('Sincronização: enrol with a code, see pushes, lose and regain the server, see a refused change', async ({
  page,
  server,
}) => {
  const syncDir = mkdtempSync(join(tmpdir(), 'balcao-e2e-sync-'));
  const sync = new SyncServerProcess(await freePort(), syncDir);
  try {
    const tenant = await sync.createTenant('Rede Boa Vista');
    await sync.start();

    await page.goto(server.url);
    await completeFirstRun(page);
    await page.getByRole('link', { name: 'Configurações' }).click();
    await page.getByRole('tab', { name: 'Sincronização' }).click();
    const form = page.getByRole('form', { name: 'Vincular ao servidor' });

    // Bad address and a wrong code: pt-BR reasons, nothing enrolled.
    await form.getByLabel('Endereço do servidor').fill('sync.boavista');
    await form.getByLabel('Código de vinculação').fill('ERRADO');
    await form.getByRole('button', { name: 'Vincular este computador' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'Informe o endereço do servidor, começando com http:// ou https://.',
    );
    await form.getByLabel('Endereço do servidor').fill(sync.url);
    await form.getByRole('button', { name: 'Vincular este computador' }).click();
    await expect(form.getByRole('alert')).toHaveText(
      'Código de vinculação inválido, já usado ou expirado. Gere outro no servidor.',
    );

    // The right code: enrolled, and the background loop sends the setup at once.
    await form.getByLabel('Código de vinculação').fill(tenant.enrolment_code);
    await form.getByRole('button', { name: 'Vincular este computador' }).click();
    await expect(page.getByTestId('sync-connection')).toHaveText('Conectado', { timeout: 90_000 });
    await expect(page.getByTestId('sync-pending')).toHaveText('Nada a enviar', { timeout: 90_000 });
    await expect(page.getByTestId('sync-last-push')).not.toHaveText('nunca');
    const status = await rpc<{ server_url: string; tenant_id: string }>(page, server.url, 'sync.status', {});
    expect(status).toMatchObject({ server_url: sync.url, tenant_id: tenant.tenant_id });
    expect(JSON.stringify(status)).not.toMatch(/bst_/);

    // Server gone: a change (one the server will refuse: a column it does not know) waits on the
    // desktop, shown as pending with its time.
    await sync.kill();
    const db = new BetterSqlite3(join(server.dataDir, 'balcao.sqlite3'));
    try {
      db.prepare(
        `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, created_at)
         VALUES ('e2e-bad-1', 'stores', 'x', 'update', '{"bogus_column":"1"}', '2026-11-30T12:00:00.000Z')`,
      ).run();
    } finally {
      db.close();
    }
    await page.getByRole('button', { name: 'Sincronizar agora' }).click();
    await expect(page.getByTestId('sync-connection')).toHaveText('Sem conexão', { timeout: 90_000 });
    await expect(page.getByRole('alert')).toHaveText(
      'Sem conexão com o servidor de sincronização. As vendas continuam salvas neste computador.',
    );
    await expect(page.getByTestId('sync-pending')).toContainText('1 alteração, a mais antiga de 30/11/2026');

    // Server back: "Sincronizar agora" sends it; the server refuses the bad change, which stays listed.
    await sync.start();
    await page.getByRole('button', { name: 'Sincronizar agora' }).click();
    await expect(page.getByTestId('sync-connection')).toHaveText('Conectado', { timeout: 90_000 });
    await expect(page.getByTestId('sync-pending')).toHaveText('Nada a enviar', { timeout: 90_000 });
    const rejected = page.getByRole('region', { name: 'Alterações recusadas' });
    await expect(rejected.getByRole('heading')).toHaveText('1 alteração recusada pelo servidor');
    await expect(rejected.getByRole('row').nth(1)).toContainText('Loja');
    await expect(rejected.getByRole('row').nth(1)).toContainText('(unknown_column)');
  } finally {
    await sync.kill();
    rmSync(syncDir, { recursive: true, force: true });
  }
});

/** Another desktop: its own `npm run web` process and database (the fixture makes the first). */
async function startDesktop(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'balcao-e2e-b-'));
  const child = spawn(process.execPath, ['dist/web/server.mjs'], {
    env: { ...process.env, PORT: '0', BALCAO_DATA_DIR: dataDir, BALCAO_LOG: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    // Read stdout to the end (a pipe left unread would block the process once full).
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(buffer);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`web server exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new browser window on `url` signed in as `login`. */
async function signedIn(browser: Browser, url: string, login: string, pin: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  await page.goto(url);
  const form = page.getByRole('form', { name: 'Entrar', exact: true });
  await form.getByLabel('Usuário').fill(login);
  await form.getByLabel('PIN ou senha').fill(pin);
  await form.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
  return page;
}

/** Opens the Agenda again until `name`'s booking shows (the other desktop's change arrives by sync). */
async function expectBooking(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(async () => {
    await nav.getByRole('link', { name: 'Leads' }).click();
    await nav.getByRole('link', { name: 'Agenda' }).click();
    await expect(page.locator('[data-appointment]').filter({ hasText: name })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 120_000, intervals: [1_000, 2_000, 3_000] });
}

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '07:00', end: '21:00' }));

test("Sincronização: a second desktop joins the store, and its receptionist and the first one see each other's bookings", async ({
  page,
  server,
  browser,
}) => {
  const syncDir = mkdtempSync(join(tmpdir(), 'balcao-e2e-sync-'));
  const sync = new SyncServerProcess(await freePort(), syncDir);
  let desktopB: Awaited<ReturnType<typeof startDesktop>> | null = null;
  try {
    const tenant = await sync.createTenant('Clínicas Bela Pele');
    await sync.start();

    // Desktop A: the clinic, its agenda, two receptionists; enrolled, everything pushed.
    await page.goto(server.url);
    await completeFirstRun(page, 'Clínica Bela Pele');
    await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();
    await rpc(page, server.url, 'agenda.demo', {});
    await rpc(page, server.url, 'agenda.upsert_professional', {
      external_id: 'PROF-ANA',
      name: 'Dra. Ana Lima',
      procedures: ['PROC-LIMPEZA'],
      working_hours: EVERY_DAY,
    });
    for (const [id, name, phone] of [
      ['P1', 'Maria Souza', '11987654321'],
      ['P2', 'Paula Reis', '11912345678'],
    ]) {
      await rpc(page, server.url, 'sales.apply', {
        action: 'update_customer_data',
        transaction_data: { external_id: id, name, phone },
      });
    }
    await rpc(page, server.url, 'users.create', {
      name: 'Rita Recepção',
      login: 'rita',
      role: 'receptionist',
      pin: '2222',
    });
    await rpc(page, server.url, 'users.create', {
      name: 'Rose Recepção',
      login: 'rose',
      role: 'receptionist',
      pin: '3333',
    });
    await rpc(page, server.url, 'sync.enrol', { server_url: sync.url, code: tenant.enrolment_code });
    await expect
      .poll(
        async () => (await rpc<{ pending: { count: number } }>(page, server.url, 'sync.status', {})).pending.count,
        {
          timeout: 90_000,
        },
      )
      .toBe(0);

    // Desktop B: a new computer joins the clinic from its first-run screen, with a progress bar.
    desktopB = await startDesktop();
    const code = (await sync.enrolmentCode(tenant.tenant_id)).enrolment_code;
    const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    const pageB = await context.newPage();
    await pageB.goto(desktopB.url);
    await pageB.getByRole('button', { name: 'Entrar numa loja existente' }).click();
    const join = pageB.getByRole('form', { name: 'Entrar numa loja existente' });
    await join.getByLabel('Endereço do servidor').fill(sync.url);
    await join.getByLabel('Código de vinculação').fill(code);
    await join.getByLabel('Código da loja').fill('LJ01');
    await join.getByLabel('Código do caixa deste computador').fill('CX1');
    await join.getByRole('button', { name: 'Entrar na loja' }).click();
    // CX1 is desktop A's register: refused after the download, in pt-BR; another code finishes.
    await expect(join.getByRole('alert')).toHaveText(
      'O caixa CX1 já existe na loja LJ01: escolha outro código para este computador.',
      { timeout: 120_000 },
    );
    await join.getByLabel('Código do caixa deste computador').fill('CX2');
    await join.getByRole('button', { name: 'Entrar na loja' }).click();
    await expect(pageB.getByRole('form', { name: 'Entrar', exact: true })).toBeVisible({ timeout: 120_000 });
    await expect(pageB.getByRole('heading', { name: 'Clínica Bela Pele' })).toBeVisible();
    await context.close();

    // Rita on desktop A, Rose on desktop B (A's users signed in on B with their own PINs).
    const rita = await signedIn(browser, server.url, 'rita', '2222');
    const rose = await signedIn(browser, desktopB.url, 'rose', '3333');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    const book = (p: Page, url: string, id: string, customer: string, hour: string) =>
      rpc(p, url, 'agenda.book', {
        external_id: id,
        customer_external_id: customer,
        procedure_external_id: 'PROC-LIMPEZA',
        professional_external_id: 'PROF-ANA',
        start: `${day}T${hour}:00-03:00`,
      });
    await book(rita, server.url, 'RITA-1', 'P1', '10:00');
    await book(rose, desktopB.url, 'ROSE-1', 'P2', '14:00');
    await expectBooking(rose, 'Maria Souza');
    await expectBooking(rita, 'Paula Reis');
    // Each still sees her own, and B's register reached A.
    await expect(rose.locator('[data-appointment]').filter({ hasText: 'Paula Reis' })).toBeVisible();
    const registers = await rpc<{ code: string }[]>(page, server.url, 'registers.list', {});
    expect(registers.map((r) => r.code).sort()).toEqual(['CX1', 'CX2']);
  } finally {
    await desktopB?.stop();
    await sync.kill();
    rmSync(syncDir, { recursive: true, force: true });
  }
});
