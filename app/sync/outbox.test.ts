import { describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { expectOk } from '../../test/helpers';
import { insertRow, isSyncedTable, updateRow } from './outbox';

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

describe('insertRow statement cache', () => {
  it('writes each row by its own column list: another order, another subset of the same table', async () => {
    const { app, session } = await openStoreWithCatalog();
    const ctx = { db: app.db, session, clock: { now: () => new Date('2026-03-02T12:00:00.000Z') } };
    const store = app.db.raw.prepare('SELECT id FROM stores').pluck().get() as string;
    const at = '2026-03-02T12:00:00.000Z';
    app.db.transaction(() => {
      insertRow(ctx, 'salespeople', {
        id: 'sp-a',
        external_id: 'SP-A',
        name: 'Ana',
        store_id: store,
        commission_rate_bp: 100,
        user_id: null,
        created_at: at,
        updated_at: at,
      });
      insertRow(ctx, 'salespeople', {
        name: 'Bia',
        id: 'sp-b',
        external_id: 'SP-B',
        store_id: store,
        commission_rate_bp: 200,
        user_id: null,
        created_at: at,
        updated_at: at,
      });
      insertRow(ctx, 'salespeople', {
        id: 'sp-c',
        external_id: 'SP-C',
        name: 'Cris',
        store_id: store,
        commission_rate_bp: 300,
        monthly_target_cents: 5000,
        user_id: null,
        created_at: at,
        updated_at: at,
      });
    });
    const rows = app.db.raw
      .prepare(
        "SELECT id, external_id, name, commission_rate_bp, monthly_target_cents FROM salespeople WHERE id LIKE 'sp-%' ORDER BY id",
      )
      .all();
    expect(rows).toEqual([
      { id: 'sp-a', external_id: 'SP-A', name: 'Ana', commission_rate_bp: 100, monthly_target_cents: 0 },
      { id: 'sp-b', external_id: 'SP-B', name: 'Bia', commission_rate_bp: 200, monthly_target_cents: 0 },
      { id: 'sp-c', external_id: 'SP-C', name: 'Cris', commission_rate_bp: 300, monthly_target_cents: 5000 },
    ]);
    expect(
      outbox(app)
        .filter((e) => e.row_id.startsWith('sp-'))
        .map((e) => (JSON.parse(e.payload) as { name: string }).name),
    ).toEqual(['Ana', 'Bia', 'Cris']);
  });
});
