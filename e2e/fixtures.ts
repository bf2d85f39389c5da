import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';

interface Server {
  url: string;
  dataDir: string;
}

/**
 * Every test gets its own server process and its own fresh database: a copy of one empty
 * database per worker, migrated by the built CLI (`status` only opens it), so each server start
 * skips the migrations. The copy gets its own audit chain id, as a fresh migration would
 * (test/device-template.ts does the same for vitest).
 */
export const test = base.extend<{ server: Server }, { deviceTemplate: string }>({
  deviceTemplate: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'balcao-e2e-template-'));
      const path = join(dir, 'balcao.sqlite3');
      const child = spawn(process.execPath, ['dist/cli/cli.mjs', 'status', '--db', path, '--json'], {
        env: { ...process.env, BALCAO_LOG: 'silent' },
        stdio: 'ignore',
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`cli status on the e2e template exited with ${code}`);
      await use(path);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  server: async ({ deviceTemplate }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'balcao-e2e-'));
    copyTemplate(deviceTemplate, join(dataDir, 'balcao.sqlite3'));
    const child = spawn(process.execPath, ['dist/web/server.mjs'], {
      env: { ...process.env, PORT: '0', BALCAO_DATA_DIR: dataDir, BALCAO_LOG: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await waitForUrl(child);
    await use({ url, dataDir });
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  },
});

function copyTemplate(template: string, path: string): void {
  copyFileSync(template, path);
  const raw = new BetterSqlite3(path);
  try {
    raw.pragma('synchronous = OFF');
    raw.prepare('UPDATE audit_chain SET chain_id = lower(hex(randomblob(16))) WHERE id = 1').run();
  } finally {
    raw.close();
  }
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(buffer);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`web server exited with ${code}`)));
  });
}

export const OWNER = { name: 'Ana Souza', login: 'ana', pin: '1234' };

/** Completes the first-run form using the keyboard only. */
export async function completeFirstRun(page: Page, storeName = 'Sapataria Boa Vista'): Promise<void> {
  await page.getByLabel('Nome da loja').fill(storeName);
  await page.getByLabel('CNPJ (opcional)').fill('11.222.333/0001-81');
  await page.getByLabel('Nome', { exact: true }).fill(OWNER.name);
  await page.getByLabel('Usuário').fill(OWNER.login);
  await page.getByLabel('PIN (4 a 8 dígitos)').fill(OWNER.pin);
  await page.getByLabel('PIN (4 a 8 dígitos)').press('Enter');
}

/** An operation's answer as sent ({ ok, value } or { ok: false, error }), with the page's session cookie. */
export async function rpcResult(page: Page, url: string, op: string, data: unknown): Promise<unknown> {
  const res = await page.request.post(`${url}/rpc/${op}`, { data });
  return res.json();
}

/** Calls an operation with the page's own session cookie; fails the test on a refusal. */
export async function rpc<T = unknown>(page: Page, url: string, op: string, data: unknown): Promise<T> {
  const body = (await rpcResult(page, url, op, data)) as { ok: boolean; value?: T; error?: { message: string } };
  expect(body, `${op}: ${body.error?.message ?? ''}`).toMatchObject({ ok: true });
  return body.value as T;
}

/** A barcode reader: types the code and sends Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

export { expect };
