import { describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import type { Balcao } from '../balcao';
import { syncedTableList } from './outbox';
import { applyChanges, type PageResult } from './sync.apply';

const NOW = '2026-11-30T12:00:00.000Z';

type Row = Record<string, unknown>;

const rows = (app: Balcao, sql: string, ...params: unknown[]) => app.db.raw.prepare(sql).all(...params) as Row[];

/** One page applied as `applyBatch` does: foreign keys off, one transaction. */
function page(app: Balcao, table: string, values: Row[]): PageResult {
  const spec = syncedTableList().find((t) => t.table === table)!;
  app.db.raw.pragma('foreign_keys = OFF');
  try {
    return app.db.transaction(() =>
      applyChanges(
        app.db,
        spec,
        values.map((value) => ({ operation: 'insert' as const, value })),
        NOW,
        { deferSaleState: true },
      ),
    );
  } finally {
    app.db.raw.pragma('foreign_keys = ON');
  }
}

describe('pull: rows whose parent is held as a key conflict', () => {
  it('a server sale refused on its number keeps its lines, payments and stock movements out, all listed', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData());
    const [local] = rows(app, 'SELECT * FROM sales');
    const localId = String(local!.id);
    const stockBefore = rows(app, 'SELECT * FROM stock_levels ORDER BY variant_id, store_id');
    const paymentsBefore = rows(app, 'SELECT sum(amount_cents) AS total, count(*) AS n FROM payments');
    // The server's sale: another sale made elsewhere that got the same number.
    const server = { ...local!, id: 'sale-server', external_id: 'S-SERVER' };
    const copy = (table: string, column: string) =>
      rows(app, `SELECT * FROM "${table}" WHERE "${column}" = ?`, localId).map((row, i) => ({
        ...row,
        id: `${table}-server-${i}`,
        [column]: 'sale-server',
        ...('external_id' in row && row.external_id !== null ? { external_id: `${table}-server-${i}` } : {}),
      }));
    const items = copy('sale_items', 'sale_id');
    const payments = copy('payments', 'sale_id');
    const movements = copy('stock_movements', 'reference_id');
    expect([items.length > 0, payments.length > 0, movements.length > 0]).toEqual([true, true, true]);

    expect(page(app, 'sales', [server]).conflicts).toBe(1);
    expect(page(app, 'sale_items', items)).toEqual({ applied: 0, held: 0, conflicts: items.length, merged: 0 });
    expect(page(app, 'payments', payments).conflicts).toBe(payments.length);
    expect(page(app, 'stock_movements', movements).conflicts).toBe(movements.length);

    const written = (table: string, ids: Row[]) =>
      rows(
        app,
        `SELECT id FROM "${table}" WHERE id IN (SELECT value FROM json_each(?))`,
        JSON.stringify(ids.map((r) => r.id)),
      );
    expect([
      written('sale_items', items),
      written('payments', payments),
      written('stock_movements', movements),
    ]).toEqual([[], [], []]);
    expect(app.db.raw.pragma('foreign_key_check')).toEqual([]);
    expect(rows(app, 'SELECT * FROM stock_levels ORDER BY variant_id, store_id')).toEqual(stockBefore);
    expect(rows(app, 'SELECT sum(amount_cents) AS total, count(*) AS n FROM payments')).toEqual(paymentsBefore);
    // Nothing lost: every held row is kept whole, pointing at the local sale the conflict met.
    const held = rows(app, 'SELECT table_name, row_id, local_id, key, value, row FROM sync_key_conflicts');
    expect(held.length).toBe(1 + items.length + payments.length + movements.length);
    const item = held.find((h) => h.row_id === items[0]!.id)!;
    expect({ ...item, row: JSON.parse(String(item.row)) }).toEqual({
      table_name: 'sale_items',
      row_id: items[0]!.id,
      local_id: localId,
      key: 'sale_id',
      value: '["sale-server"]',
      row: items[0],
    });
    expect(held.find((h) => h.row_id === movements[0]!.id)!.key).toBe('reference_id');
  });
});
