import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { expectOk, tempDir } from '../../test/helpers';
import { NOW, openStoreWithCatalog } from '../../test/sales-fixtures';
import { applyFile } from './apply.cli';

/** A register_sale line of one item, paid by PIX. */
function saleLine(externalId: string, sku: string, price: number) {
  return JSON.stringify({
    action: 'register_sale',
    transaction_data: {
      external_id: externalId,
      location_external_id: 'LJ01',
      occurred_at: NOW,
      items: [{ variant_external_id: sku, qty: 1 }],
      payments: [{ method: 'pix', amount: price }],
    },
  });
}

const count = (app: Awaited<ReturnType<typeof openStoreWithCatalog>>['app'], sql: string) =>
  app.db.raw.prepare(sql).pluck().get() as number;

describe('cli apply: batches run without a savepoint per line (issue 9 item 14)', () => {
  it('a line that fails after writing leaves nothing of itself: the batch is run again with savepoints', async () => {
    const { app, session } = await openStoreWithCatalog();
    expectOk(app.dispatch('counter.settings.set', { allow_negative_stock: false }, session));
    const sales = count(app, 'SELECT count(*) FROM sales');
    const outbox = count(app, 'SELECT count(*) FROM sync_outbox');
    const audited = count(app, "SELECT count(*) FROM audit_log WHERE operation = 'sales.apply'");
    const file = join(tempDir(), 'acoes.jsonl');
    // S-2 sells a pair of socks with none in stock: the sale row and its line are written
    // before the stock check refuses it.
    writeFileSync(
      file,
      [
        saleLine('S-1', 'LIMP-PELE', 15000),
        saleLine('S-2', 'MEIA-01', 1990),
        'not json',
        saleLine('S-3', 'LIMP-PELE', 15000),
      ].join('\n'),
    );
    const summary = await applyFile(app, session, file);
    expect(summary).toEqual({
      applied: 2,
      duplicates: 0,
      rejected: [
        { line: 2, code: 'insufficient_stock', message: 'Estoque insuficiente de MEIA-01: há 0 em estoque.' },
        { line: 3, code: 'invalid_json', message: 'Linha não é um JSON válido.' },
      ],
    });
    expect(app.db.raw.prepare('SELECT external_id FROM sales ORDER BY external_id').pluck().all()).toEqual([
      'S-1',
      'S-3',
    ]);
    expect(count(app, 'SELECT count(*) FROM sales')).toBe(sales + 2);
    expect(count(app, 'SELECT count(*) FROM sale_items')).toBe(2);
    expect(count(app, "SELECT count(*) FROM stock_movements WHERE kind = 'sale'")).toBe(0);
    // Per sale: the sale, its line, its payment, its status and the audit row.
    expect(count(app, 'SELECT count(*) FROM sync_outbox')).toBe(outbox + 2 * 5);
    expect(count(app, "SELECT count(*) FROM audit_log WHERE operation = 'sales.apply'")).toBe(audited + 2);
    expect(expectOk(app.dispatch('audit.verify', {}, session))).toMatchObject({ ok: true });
  });

  it('a sale after a line refused after writing takes the next number: the sequence counted in the batch has no gap', async () => {
    const { app, session } = await openStoreWithCatalog();
    expectOk(app.dispatch('counter.settings.set', { allow_negative_stock: false }, session));
    const file = join(tempDir(), 'acoes.jsonl');
    writeFileSync(
      file,
      [
        saleLine('S-1', 'LIMP-PELE', 15000),
        saleLine('S-2', 'MEIA-01', 1990),
        saleLine('S-3', 'LIMP-PELE', 15000),
        saleLine('S-4', 'LIMP-PELE', 15000),
      ].join('\n'),
    );
    expect(await applyFile(app, session, file)).toMatchObject({ applied: 3, rejected: [{ line: 2 }] });
    expect(app.db.raw.prepare('SELECT external_id, number FROM sales ORDER BY external_id').all()).toEqual([
      { external_id: 'S-1', number: 'LJ01-EXT-000001' },
      { external_id: 'S-3', number: 'LJ01-EXT-000002' },
      { external_id: 'S-4', number: 'LJ01-EXT-000003' },
    ]);
  });

  it('lines refused before writing are reported and the rest of the batch is kept', async () => {
    const { app, session } = await openStoreWithCatalog();
    const file = join(tempDir(), 'acoes.jsonl');
    writeFileSync(
      file,
      [saleLine('S-1', 'MEIA-01', 1990), saleLine('S-2', 'NAO-EXISTE', 1990), saleLine('S-1', 'MEIA-01', 1990)].join(
        '\n',
      ),
    );
    expect(await applyFile(app, session, file)).toEqual({
      applied: 1,
      duplicates: 1,
      rejected: [{ line: 2, code: 'unknown_sku', message: 'Produto desconhecido: NAO-EXISTE.' }],
    });
    expect(count(app, 'SELECT count(*) FROM sales')).toBe(1);
  });

  it('a product changed between two sales of one batch: the second sale takes the new price', async () => {
    const { app, session } = await openStoreWithCatalog();
    const file = join(tempDir(), 'acoes.jsonl');
    const product = (price: number) =>
      JSON.stringify({
        action: 'upsert_product',
        transaction_data: {
          external_id: 'MEIA-01',
          name: 'Meia Esportiva',
          category: 'Acessórios',
          kind: 'goods',
          unit_price: price,
          unit_cost: 500,
        },
      });
    writeFileSync(
      file,
      [saleLine('S-1', 'MEIA-01', 1990), product(2490), saleLine('S-2', 'MEIA-01', 2490), product(2990)].join('\n'),
    );
    expect(await applyFile(app, session, file)).toMatchObject({ applied: 4, rejected: [] });
    const prices = app.db.raw
      .prepare('SELECT s.external_id, i.unit_price_cents FROM sales s JOIN sale_items i ON i.sale_id = s.id ORDER BY 1')
      .all();
    expect(prices).toEqual([
      { external_id: 'S-1', unit_price_cents: 1990 },
      { external_id: 'S-2', unit_price_cents: 2490 },
    ]);
  });

  it('a batch waits for a write lock held past busy_timeout by another process instead of stopping the import', async () => {
    const { app, session } = await openStoreWithCatalog();
    // A short busy_timeout stands for "another writer held the lock longer than we wait".
    app.db.raw.pragma('busy_timeout = 20');
    const other = new BetterSqlite3(app.db.raw.name);
    other.exec('BEGIN IMMEDIATE');
    const released = setTimeout(() => other.exec('COMMIT'), 300);
    try {
      const file = join(tempDir(), 'acoes.jsonl');
      writeFileSync(file, [saleLine('L-1', 'LIMP-PELE', 15000), saleLine('L-2', 'LIMP-PELE', 15000)].join('\n'));
      // Before: the first BEGIN IMMEDIATE threw DatabaseBusyError and the whole import stopped.
      expect(await applyFile(app, session, file)).toEqual({ applied: 2, duplicates: 0, rejected: [] });
      expect(count(app, "SELECT count(*) FROM sales WHERE external_id IN ('L-1', 'L-2')")).toBe(2);
    } finally {
      clearTimeout(released);
      other.close();
    }
  });
});
