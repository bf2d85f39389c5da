import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { setUpStore, writeApplyFile } from '../bench/apply.bench';
import { copyDeviceTemplate } from './device-template';
import { deviceTemplate, tempDir } from './helpers';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Ten batches: enough for the kill to land mid-run (after two whole batches) with most of the
// file left for the re-run, without making CI replay 20,000 sales.
const SALES = 5_000;
const BATCH = 500;

interface SourceSale {
  items: { sku: string; qtyMilli: number }[];
  payments: number[];
}

function readSource(file: string): { order: string[]; sales: Map<string, SourceSale> } {
  const order: string[] = [];
  const sales = new Map<string, SourceSale>();
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text) continue;
    const line = JSON.parse(text) as {
      action: string;
      transaction_data: {
        external_id: string;
        items?: { variant_external_id: string; qty: number }[];
        payments?: { amount: number }[];
      };
    };
    if (line.action !== 'register_sale') continue;
    const data = line.transaction_data;
    order.push(data.external_id);
    sales.set(data.external_id, {
      items: (data.items ?? []).map((i) => ({ sku: i.variant_external_id, qtyMilli: Math.round(i.qty * 1000) })),
      payments: (data.payments ?? []).map((p) => p.amount),
    });
  }
  return { order, sales };
}

/** `cli apply` in its own process, as a user runs it. */
function startApply(db: string, file: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'app/cli/bin.ts', 'apply', '--db', db, '--file', file, '--json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BALCAO_LOG: 'silent' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done) => child.on('exit', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

/** A read-only connection that never checkpoints: it watches the writer without helping it. */
async function watch(db: string, running: { exitCode: number | null }): Promise<BetterSqlite3.Database> {
  for (;;) {
    if (running.exitCode !== null) throw new Error('cli apply exited before it could be watched');
    if (existsSync(`${db}-shm`)) {
      try {
        return new BetterSqlite3(db, { readonly: true, fileMustExist: true });
      } catch {
        // The writer is still creating its WAL index.
      }
    }
    await sleep(5);
  }
}

interface StoredSale {
  external_id: string;
  items: number;
  payments: number;
  paid: number;
  net: number;
  total: number;
  history: number;
  state: number;
}

function storedSales(db: BetterSqlite3.Database): StoredSale[] {
  return db
    .prepare(
      `SELECT s.external_id, s.total_cents AS total,
        (SELECT count(*) FROM sale_items WHERE sale_id = s.id) AS items,
        (SELECT coalesce(sum(net_cents), 0) FROM sale_items WHERE sale_id = s.id) AS net,
        (SELECT count(*) FROM payments WHERE sale_id = s.id) AS payments,
        (SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE sale_id = s.id) AS paid,
        (SELECT count(*) FROM sale_status_history WHERE sale_id = s.id) AS history,
        (SELECT count(*) FROM sale_state WHERE sale_id = s.id AND status = 'completa') AS state
      FROM sales s ORDER BY s.seq`,
    )
    .all() as StoredSale[];
}

/** Every stored sale is whole: the items and payments of its line, its history and its state. */
function expectWholeSales(db: BetterSqlite3.Database, source: Map<string, SourceSale>): StoredSale[] {
  const stored = storedSales(db);
  const broken = stored.filter((s) => {
    const src = source.get(s.external_id);
    return (
      !src ||
      s.items !== src.items.length ||
      s.payments !== src.payments.length ||
      s.paid !== src.payments.reduce((a, p) => a + p, 0) ||
      s.net !== s.total ||
      s.paid !== s.total ||
      s.history !== 1 ||
      s.state !== 1
    );
  });
  expect(broken).toEqual([]);
  // Every fact went out with its outbox entry, and no movement outlived its sale.
  for (const table of ['sales', 'sale_items', 'payments', 'stock_movements', 'sale_status_history']) {
    const rows = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    const outbox = db.prepare('SELECT count(*) FROM sync_outbox WHERE table_name = ?').pluck().get(table);
    expect(outbox, table).toBe(rows);
  }
  expect(
    db
      .prepare(
        "SELECT count(*) FROM stock_movements WHERE kind = 'sale' AND reference_id NOT IN (SELECT id FROM sales)",
      )
      .pluck()
      .get(),
  ).toBe(0);
  return stored;
}

describe('cli apply killed mid-run', () => {
  it('leaves whole batches only, and a re-run applies exactly what is missing', async () => {
    const dir = tempDir();
    const db = join(dir, 'balcao.sqlite3');
    const file = join(dir, 'actions.jsonl');
    const shape = writeApplyFile(file, SALES, 7);
    const source = readSource(file);
    expect(source.order).toHaveLength(SALES);
    copyDeviceTemplate(await deviceTemplate(), db);
    const setUp = await setUpStore(db);
    setUp.app.close();

    const first = startApply(db, file);
    const watcher = await watch(db, first.child);
    const count = watcher.prepare('SELECT count(*) FROM sales').pluck();
    while ((count.get() as number) < 2 * BATCH && first.child.exitCode === null) await sleep(10);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    watcher.close();
    expect(killed.signal, `cli apply finished before the kill: ${killed.stdout}${killed.stderr}`).toBe('SIGKILL');

    const reopened = new BetterSqlite3(db);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.pragma('foreign_key_check')).toEqual([]);
    const present = expectWholeSales(reopened, source.sales);
    reopened.close();
    // A batch commits whole or not at all: what survived is a prefix of the file, whole batches.
    expect(present.length).toBeGreaterThan(0);
    expect(present.length).toBeLessThan(SALES);
    expect((present.length + shape.catalogLines) % BATCH).toBe(0);
    expect(present.map((s) => s.external_id)).toEqual(source.order.slice(0, present.length));

    const second = startApply(db, file);
    const rerun = await second.exited;
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    // Upserts have no duplicate state: they apply (to the same values) on every run.
    expect(JSON.parse(rerun.stdout)).toEqual({
      applied: shape.catalogLines + SALES - present.length,
      duplicates: present.length,
      rejected: [],
    });

    const final = new BetterSqlite3(db, { readonly: true });
    try {
      expect(final.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(expectWholeSales(final, source.sales)).toHaveLength(SALES);
      // No sale moved stock twice: each level is exactly what the file sold.
      const sold = new Map<string, number>();
      for (const sale of source.sales.values()) {
        for (const item of sale.items) sold.set(item.sku, (sold.get(item.sku) ?? 0) - item.qtyMilli);
      }
      const levels = final
        .prepare(
          `SELECT v.external_id AS sku, l.qty_milli AS level,
            (SELECT sum(qty_milli) FROM stock_movements m WHERE m.variant_id = v.id) AS ledger
          FROM variants v JOIN stock_levels l ON l.variant_id = v.id`,
        )
        .all() as { sku: string; level: number; ledger: number }[];
      expect(Object.fromEntries(levels.map((l) => [l.sku, l.level]))).toEqual(Object.fromEntries(sold));
      expect(levels.filter((l) => l.level !== l.ledger)).toEqual([]);
    } finally {
      final.close();
    }
  }, 180_000);
});
