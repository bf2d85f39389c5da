import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { runCliProcess, startWebProcess } from '../../test/processes';
import { OWNER, tempDir } from '../../test/helpers';

const PRICE = 1500;

function sale(externalId: string, n: number) {
  return {
    action: 'register_sale',
    transaction_data: {
      external_id: externalId,
      location_external_id: 'LJ01',
      channel: 'ECOMMERCE',
      occurred_at: `2026-11-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00-03:00`,
      items: [{ variant_external_id: `SKU-${n % 5}`, qty: 1 }],
      payments: [{ method: 'pix', amount: PRICE }],
    },
  };
}

function writeSales(path: string, prefix: string, count: number): void {
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify(sale(`${prefix}-${i}`, i)));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** A store set up and a catalog of 5 products, written through the CLI in this process. */
async function preparedStore(dir: string): Promise<string> {
  const db = join(dir, 'balcao.sqlite3');
  const quiet = { out: () => undefined, err: () => undefined };
  const args = ['--store-name', 'Loja', '--owner-name', OWNER.name, '--login', OWNER.login, '--pin', OWNER.pin];
  expect(await runCli(['setup', '--db', db, ...args], quiet)).toBe(0);
  const catalog = [
    {
      action: 'upsert_location',
      transaction_data: { external_id: 'LJ01', name: 'Loja Centro', timezone: 'America/Sao_Paulo' },
    },
    ...Array.from({ length: 5 }, (_, i) => ({
      action: 'upsert_product',
      transaction_data: {
        external_id: `SKU-${i}`,
        name: `Produto ${i}`,
        category: 'Roupas',
        kind: 'goods',
        unit_price: PRICE,
      },
    })),
  ];
  const file = join(dir, 'catalog.jsonl');
  writeFileSync(file, catalog.map((l) => JSON.stringify(l)).join('\n') + '\n');
  expect(await runCli(['apply', '--db', db, '--file', file], quiet)).toBe(0);
  return db;
}

function salesCount(db: string): number {
  const raw = new BetterSqlite3(db, { readonly: true });
  try {
    return (raw.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
  } finally {
    raw.close();
  }
}

describe('two processes writing the same database at once', () => {
  it('web bridge + cli apply: every sale lands, none answers internal_error or database is locked', async () => {
    const dir = tempDir();
    const db = await preparedStore(dir);
    const file = join(dir, 'cli-sales.jsonl');
    writeSales(file, 'CLI', 1500);
    const web = await startWebProcess(db, join(dir, 'static'));
    try {
      const login = await fetch(`${web.base}/rpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: OWNER.login, pin: OWNER.pin }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const cli = runCliProcess(['apply', '--db', db, '--json', '--file', file]);
      let exited = false;
      const finished = cli.done.then((r) => {
        exited = true;
        return r;
      });
      const failures: string[] = [];
      let sent = 0;
      // The web side keeps selling for as long as the CLI is writing (and at least 40 times).
      while (!exited || sent < 40) {
        const res = await fetch(`${web.base}/rpc/sales.apply`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(sale(`WEB-${sent}`, sent)),
        });
        const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
        if (!body.ok) failures.push(`${body.error?.code}: ${body.error?.message}`);
        sent++;
      }
      const result = await finished;
      expect(failures).toEqual([]);
      expect(result.stderr).not.toContain('database is locked');
      expect(JSON.parse(result.stdout)).toMatchObject({ applied: 1500, rejected: [] });
      expect(result.code).toBe(0);
      expect(salesCount(db)).toBe(1500 + sent);
    } finally {
      web.stop();
    }
  }, 120_000);

  it('two cli apply processes on the same file: both land every sale', async () => {
    const dir = tempDir();
    const db = await preparedStore(dir);
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeSales(a, 'A', 1500);
    writeSales(b, 'B', 1500);
    const [ra, rb] = await Promise.all([
      runCliProcess(['apply', '--db', db, '--json', '--file', a]).done,
      runCliProcess(['apply', '--db', db, '--json', '--file', b]).done,
    ]);
    for (const r of [ra, rb]) {
      expect(r.stderr).not.toContain('database is locked');
      expect(JSON.parse(r.stdout)).toMatchObject({ applied: 1500, rejected: [] });
      expect(r.code).toBe(0);
    }
    expect(salesCount(db)).toBe(3000);
  }, 120_000);
});
