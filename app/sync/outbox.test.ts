import { describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { expectOk } from '../../test/helpers';
import { isSyncedTable, updateRow } from './outbox';

function outbox(app: Awaited<ReturnType<typeof openStoreWithCatalog>>['app']) {
  return app.db.raw
    .prepare('SELECT table_name, row_id, kind, payload, user_id FROM sync_outbox ORDER BY seq')
    .all() as {
    table_name: string;
    row_id: string;
    kind: string;
    payload: string;
    user_id: string | null;
  }[];
}

describe('sync outbox', () => {
  it('has an entry for every row of every synced table, with the user who wrote it', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData());
    applyOk(app, session, 'register_return', {
      external_id: 'R-1',
      reference_external_id: 'S-1',
      items: [{ variant_external_id: 'MEIA-01', qty: 1 }],
      reason: 'troca',
      condition: 'revenda',
      refund_method: 'original',
    });
    const entries = outbox(app);
    const tables = app.db.raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of tables.filter(isSyncedTable)) {
      const key = table === 'barcodes' ? 'code' : 'id';
      const ids = app.db.raw.prepare(`SELECT "${key}" FROM "${table}"`).pluck().all() as string[];
      const sent = new Set(entries.filter((e) => e.table_name === table && e.kind === 'insert').map((e) => e.row_id));
      expect(
        ids.filter((id) => !sent.has(id)),
        `${table} rows missing from the outbox`,
      ).toEqual([]);
    }
    expect(entries.every((e) => e.user_id === session.userId)).toBe(true);
  });

  it('sends only the columns that changed, and nothing when nothing changed', async () => {
    const { app, session } = await openStoreWithCatalog();
    const before = outbox(app).length;
    const ctx = { db: app.db, session, clock: { now: () => new Date('2026-11-23T12:00:00Z') } };
    const customer = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").pluck().get() as string;
    app.db.transaction(() =>
      updateRow(ctx, 'customers', customer, { name: 'Maria Silva', email: 'maria@example.com' }),
    );
    const last = outbox(app).at(-1);
    expect(last).toMatchObject({ table_name: 'customers', row_id: customer, kind: 'update' });
    expect(JSON.parse(last?.payload ?? '{}')).toEqual({
      email: 'maria@example.com',
      updated_at: '2026-11-23T12:00:00.000Z',
    });
    app.db.transaction(() => updateRow(ctx, 'customers', customer, { email: 'maria@example.com' }));
    expect(outbox(app).length).toBe(before + 1);
  });

  it('writes nothing to the outbox when the operation is rejected', async () => {
    const { app, session } = await openStoreWithCatalog();
    const before = outbox(app).length;
    const result = app.dispatch(
      'sales.apply',
      { action: 'register_sale', transaction_data: saleData({ items: [{ variant_external_id: 'NOPE', qty: 1 }] }) },
      session,
    );
    expect(result.ok).toBe(false);
    expect(outbox(app).length).toBe(before);
    expectOk(app.dispatch('sales.apply', { action: 'register_sale', transaction_data: saleData() }, session));
    expect(outbox(app).length).toBeGreaterThan(before);
  });
});
