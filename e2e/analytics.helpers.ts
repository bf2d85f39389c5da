import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { completeFirstRun, expect } from './fixtures';

/**
 * Runs the CLI's `demo` (issue 13) on the server's database: three locations, eight
 * salespeople, two years of sales, leads with tasks and appointments. The server keeps running;
 * it reads the new rows from the same SQLite file.
 */
export async function loadDemo(dataDir: string, customers = 400, sales = 4000): Promise<void> {
  const args = ['--import', 'tsx', 'app/cli/bin.ts', 'demo', '--db', join(dataDir, 'balcao.sqlite3')];
  args.push('--customers', String(customers), '--sales', String(sales), '--seed', '13');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output).toBe(0);
}

/** First run as the owner, the demo store loaded, then the screen `label` opened from the menu. */
export async function openWithDemo(page: Page, url: string, dataDir: string, label: string): Promise<void> {
  await page.goto(url);
  await completeFirstRun(page, 'Loja Exemplo');
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await expect(nav).toBeVisible();
  await loadDemo(dataDir);
  await nav.getByRole('link', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
}
