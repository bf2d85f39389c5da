import { describe, expect, it } from 'vitest';
import { applyOk, openStoreWithCatalog, saleData, stockMilli } from '../../test/sales-fixtures';
import { dumpContent } from '../../test/helpers';
import type { Balcao } from '../balcao';
import { putSetting } from '../settings/settings.queries';
import { SALE_NUMBER_TAG_KEY } from '../sales/sale-number';
import { syncedTableList } from './outbox';
import { applyChanges } from './sync.apply';
import { startSyncAgent, stopSyncAgent } from './sync.agent';
import { all, one, saleSummary, stock, type Row } from './sync.settle.fixtures';
import { keyConflictsView, settleKeyConflict } from './sync.settle';
import { syncOps } from './sync.ops';
import { AppError } from '../contract/errors';
import { settleFreedConflicts } from './sync.settle.write';

// Settling against the real sync server (a restore-made collision, the resend, a second desktop
// joining) runs in sync.numbering.test.ts, on that file's server: `settleAfterRestore`.

/** One page applied as a pull applies it: foreign keys off, one transaction. */
function page(app: Balcao, table: string, values: Row[]) {
  const spec = syncedTableList().find((t) => t.table === table)!;
  app.db.raw.pragma('foreign_keys = OFF');
  try {
    return app.db.transaction(() =>
      applyChanges(
        app.db,
        spec,
        values.map((value) => ({ operation: 'insert' as const, value })),
        NOW,
        {
          deferSaleState: true,
        },
      ),
    );
  } finally {
    app.db.raw.pragma('foreign_keys = ON');
  }
}

/**
 * A local sale and a server sale with its number (a copy under other ids: another sale made
 * elsewhere), pulled: the server's sale, items, payments and movements held.
 */
async function heldCollision() {
  const { app, session } = await openStoreWithCatalog();
  applyOk(app, session, 'register_sale', saleData({ external_id: 'L-1' }));
  const local = all(app, 'SELECT * FROM sales')[0]!;
  const serverSale = { ...local, id: 'sale-server', external_id: 'S-1' };
  const copy = (table: string, column: string) =>
    all(app, `SELECT * FROM "${table}" WHERE "${column}" = ?`, local.id).map((row, i) => ({
      ...row,
      id: `${table}-server-${i}`,
      [column]: 'sale-server',
      ...('external_id' in row && row.external_id !== null ? { external_id: `${table}-server-${i}` } : {}),
    }));
  const children: [string, Row[]][] = [
    ['sale_items', copy('sale_items', 'sale_id')],
    ['payments', copy('payments', 'sale_id')],
    ['stock_movements', copy('stock_movements', 'reference_id')],
  ];
  expect(page(app, 'sales', [serverSale]).conflicts).toBe(1);
  for (const [table, rows] of children) expect(page(app, table, rows).conflicts).toBe(rows.length);
  return { app, session, local, serverSale };
}

const NOW = '2026-11-30T12:00:00.000Z';

describe('settling a held sale, refusals and the automatic case', () => {
  it('a local sale never sent gets the writer’s next number; its outbox insert goes again with it, after the rest', async () => {
    const { app, session, local } = await heldCollision();
    putSetting(app.db, SALE_NUMBER_TAG_KEY, 'CX9', NOW);
    const before = all(app, `SELECT * FROM sync_outbox WHERE table_name = 'sales'`)[0]!;
    const lastSeq = Number(one(app, 'SELECT max(seq) FROM sync_outbox'));
    const stockBefore = [stockMilli(app, 'TEN-AZ-38'), stockMilli(app, 'MEIA-01')];
    const result = app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session);
    expect(result).toMatchObject({
      ok: true,
      value: { renumbered: { sale_id: local.id, from: 'LJ01-EXT-000001', to: 'LJ01-CX9-EXT-000002' }, rows: 6 },
    });
    const [resent] = all(app, `SELECT * FROM sync_outbox WHERE table_name = 'sales'`);
    expect(JSON.parse(String(resent!.payload))).toMatchObject({ id: local.id, number: 'LJ01-CX9-EXT-000002', seq: 2 });
    expect(resent!.mutation_id).not.toBe(before.mutation_id);
    expect(Number(resent!.seq)).toBeGreaterThan(lastSeq);
    expect([resent!.pushed_at, resent!.rejected_code]).toEqual([null, null]);
    // The audit trail names the operation and the number change.
    const audit = all(
      app,
      `SELECT record_table, changes FROM audit_log WHERE operation = 'sync.key_conflicts.settle' AND record_table = 'sales'`,
    );
    expect(audit.length).toBe(1);
    expect(String(audit[0]!.changes)).toContain('LJ01-CX9-EXT-000002');
    expect(String(audit[0]!.changes)).toContain('LJ01-EXT-000001');
    expect(saleSummary(app).map((s) => [s.external_id, s.number, s.items, s.payments, s.movements])).toEqual([
      ['L-1', 'LJ01-CX9-EXT-000002', 2, 1, 2],
      ['S-1', 'LJ01-EXT-000001', 2, 1, 2],
    ]);
    const { levels, sums } = stock(app);
    expect(levels).toEqual(sums);
    expect([stockMilli(app, 'TEN-AZ-38'), stockMilli(app, 'MEIA-01')]).toEqual([
      stockBefore[0]! - 1000,
      stockBefore[1]! - 3000,
    ]);
    expect(app.db.raw.pragma('foreign_key_check')).toEqual([]);
    expect(one(app, 'SELECT count(*) FROM sync_key_conflicts')).toBe(0);
  });

  it('refuses, changing nothing: a local sale the server already has, no numbering of its own, an unknown conflict', async () => {
    const { app, session, local } = await heldCollision();
    const content = dumpContent(app.db);
    expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session)).toMatchObject({
      ok: false,
      error: { code: 'sale_number_untagged' },
    });
    expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'nao-existe' }, session)).toMatchObject({
      ok: false,
      error: { code: 'key_conflict_not_found' },
    });
    expect(dumpContent(app.db)).toEqual(content);
    // What the list offers: "Resolver" on the held sale only, until the local sale is on the server too.
    const outlook = () =>
      keyConflictsView(app.db)
        .items.map((i) => `${i.table}:${i.settle}`)
        .sort();
    expect(outlook()).toEqual([
      'payments:null',
      'sale_items:null',
      'sale_items:null',
      'sales:ready',
      'stock_movements:null',
      'stock_movements:null',
    ]);
    app.db.raw
      .prepare(`UPDATE sync_outbox SET pushed_at = ? WHERE table_name = 'sales' AND row_id = ?`)
      .run(NOW, local.id);
    // Sent from here and acknowledged: only the server can renumber it, and it does not answer.
    expect(outlook()).toContain('sales:server');
    putSetting(app.db, SALE_NUMBER_TAG_KEY, 'CX9', NOW);
    app.db.raw
      .prepare(
        `INSERT INTO sync_device (id, server_url, tenant_id, store_id, device_id, token, enrolled_at)
         VALUES (1, 'http://127.0.0.1:9', 't', (SELECT id FROM stores LIMIT 1), 'd', 'token', ?)`,
      )
      .run(NOW);
    const acknowledged = dumpContent(app.db);
    const unreachable = app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session);
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'sync_unreachable', details: { retryable: true } } });
    expect(JSON.stringify(unreachable)).toContain('só o servidor pode mudar o número dela');
    expect(dumpContent(app.db)).toEqual(acknowledged);
    // Made on another desktop (no insert of it here): settled there, never here.
    app.db.raw.prepare(`DELETE FROM sync_outbox WHERE table_name = 'sales' AND row_id = ?`).run(local.id);
    expect(outlook()).toContain('sales:synced');
    const pulled = dumpContent(app.db);
    const refused = app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session);
    expect(refused).toMatchObject({ ok: false, error: { code: 'key_conflict_synced' } });
    expect(JSON.stringify(refused)).toContain('veio de outro computador');
    expect(dumpContent(app.db)).toEqual(pulled);
  });

  it('a held sale whose rows cannot be written yet (a parent missing here): the renumber is kept, the sale waits; alone it is refused', async () => {
    const { app, session, local } = await heldCollision();
    putSetting(app.db, SALE_NUMBER_TAG_KEY, 'CX9', NOW);
    app.db.raw
      .prepare(
        `UPDATE sync_key_conflicts SET row = json_set(row, '$.variant_id', 'variante-que-nao-veio')
         WHERE table_name = 'sale_items' AND row_id = 'sale_items-server-0'`,
      )
      .run();
    expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session)).toMatchObject({
      ok: true,
      value: { renumbered: { sale_id: local.id, to: 'LJ01-CX9-EXT-000002' }, rows: 0, waiting: true },
    });
    expect(saleSummary(app).map((s) => [s.external_id, s.number])).toEqual([['L-1', 'LJ01-CX9-EXT-000002']]);
    expect(one(app, 'SELECT count(*) FROM sync_key_conflicts')).toBe(6);
    // Nothing holds the number any more; the rows still cannot go in: refused, changing nothing.
    const content = dumpContent(app.db);
    expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session)).toMatchObject({
      ok: false,
      error: { code: 'key_conflict_incomplete' },
    });
    expect(dumpContent(app.db)).toEqual(content);
  });

  it('refuses while this desktop’s push is waiting for the server (the pending insert may be in it)', async () => {
    const { app, session } = await heldCollision();
    putSetting(app.db, SALE_NUMBER_TAG_KEY, 'CX9', NOW);
    app.db.raw
      .prepare(
        `INSERT INTO sync_device (id, server_url, tenant_id, store_id, device_id, token, enrolled_at)
         VALUES (1, 'http://127.0.0.1:9', 't', (SELECT id FROM stores LIMIT 1), 'd', 'token', ?)`,
      )
      .run(NOW);
    let sent!: () => void;
    const sending = new Promise<void>((resolve) => (sent = resolve));
    let answer!: (error: Error) => void;
    const agent = startSyncAgent(app.db, {
      pull: false,
      live: false,
      fetch: () => {
        sent();
        return new Promise((_, reject) => (answer = reject));
      },
    });
    try {
      await sending;
      const content = dumpContent(app.db);
      expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session)).toMatchObject({
        ok: false,
        error: { code: 'sync_push_in_flight', details: { retryable: true } },
      });
      expect(dumpContent(app.db)).toEqual(content);
      answer(new Error('connection reset'));
      await agent.settled();
      expect(agent.pushInFlight).toBe(false);
      // Sent, answer lost: the server may have it with this number; only the push's answer tells.
      const unanswered = dumpContent(app.db);
      expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session)).toMatchObject({
        ok: false,
        error: { code: 'sync_push_unanswered', details: { retryable: true } },
      });
      expect(dumpContent(app.db)).toEqual(unanswered);
      app.db.raw
        .prepare(`UPDATE sync_outbox SET rejected_code = 'constraint_violation' WHERE table_name = 'sales'`)
        .run();
      expect(app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session)).toMatchObject({
        ok: true,
        value: { renumbered: { to: 'LJ01-CX9-EXT-000002' } },
      });
    } finally {
      await stopSyncAgent(app.db);
    }
  });

  it('an acknowledged sale: the server is asked outside any transaction, the next number after number_taken, the renumber kept while the held sale waits for a parent', async () => {
    const { app, session, local } = await heldCollision();
    putSetting(app.db, SALE_NUMBER_TAG_KEY, 'CX9', NOW);
    expect(syncOps['sync.key_conflicts.settle'].readonly).toBe(true);
    app.db.raw.prepare(`UPDATE sync_outbox SET pushed_at = ? WHERE table_name = 'sales'`).run(NOW);
    app.db.raw
      .prepare(
        `UPDATE sync_key_conflicts SET row = json_set(row, '$.variant_id', 'variante-que-nao-veio')
         WHERE table_name = 'sale_items' AND row_id = 'sale_items-server-0'`,
      )
      .run();
    const asked: [string, boolean][] = [];
    const ctx = { db: app.db, session, clock: { now: () => new Date(NOW) } };
    const result = settleKeyConflict(ctx, 'sale-server', false, (db, _id, to) => {
      asked.push([to.number, db.raw.inTransaction]);
      if (to.seq === 2) throw new AppError('sale_number_taken', 'taken', 'ocupado');
    });
    expect(asked).toEqual([
      ['LJ01-CX9-EXT-000002', false],
      ['LJ01-CX9-EXT-000003', false],
    ]);
    expect(result).toMatchObject({
      renumbered: { sale_id: local.id, from: 'LJ01-EXT-000001', to: 'LJ01-CX9-EXT-000003' },
      rows: 0,
      waiting: true,
    });
    // The server took the new number, so this desktop keeps it; the server's sale stays held.
    expect(saleSummary(app).map((s) => [s.external_id, s.number])).toEqual([['L-1', 'LJ01-CX9-EXT-000003']]);
    expect(one(app, `SELECT count(*) FROM sync_key_conflicts WHERE table_name = 'sales'`)).toBe(1);
    expect(one(app, `SELECT count(*) FROM audit_log WHERE operation = 'sync.key_conflicts.settle'`)).toBe(1);
    // The parent arrives (here: the held item points at a variant this desktop has): the next pull writes it.
    app.db.raw
      .prepare(
        `UPDATE sync_key_conflicts SET row = json_set(row, '$.variant_id', (SELECT variant_id FROM sale_items LIMIT 1))
         WHERE table_name = 'sale_items' AND row_id = 'sale_items-server-0'`,
      )
      .run();
    expect(settleFreedConflicts(app.db, NOW)).toBe(1);
    expect(saleSummary(app).map((s) => [s.external_id, s.number])).toEqual([
      ['L-1', 'LJ01-CX9-EXT-000003'],
      ['S-1', 'LJ01-EXT-000001'],
    ]);
  });

  it('refuses a held sale that also repeats another unique value, naming it in words', async () => {
    const { app, session } = await heldCollision();
    app.db.raw
      .prepare(`UPDATE sync_key_conflicts SET row = json_set(row, '$.external_id', 'L-1') WHERE table_name = 'sales'`)
      .run();
    const content = dumpContent(app.db);
    const refused = app.dispatch('sync.key_conflicts.settle', { row_id: 'sale-server' }, session);
    expect(refused).toMatchObject({ ok: false, error: { code: 'key_conflict_unsafe' } });
    expect(!refused.ok && refused.error.message).toBe(
      'A venda do servidor com o número LJ01-EXT-000001 também repete o código externo de uma venda deste computador. Nada foi alterado; fale com o suporte.',
    );
    expect(dumpContent(app.db)).toEqual(content);
  });

  it('after a pull, a held sale whose number no local sale holds any more is written by itself', async () => {
    const { app } = await heldCollision();
    // The local sale got another number (as a renumber arriving from the server would do).
    app.db.raw.prepare(`UPDATE sales SET number = 'LJ01-CX1-EXT-000009' WHERE id <> 'sale-server'`).run();
    expect(settleFreedConflicts(app.db, NOW)).toBe(1);
    expect(saleSummary(app).map((s) => [s.external_id, s.number, s.items, s.status])).toEqual([
      ['L-1', 'LJ01-CX1-EXT-000009', 2, 'completa'],
      ['S-1', 'LJ01-EXT-000001', 2, 'completa'],
    ]);
    expect(app.db.raw.pragma('foreign_key_check')).toEqual([]);
    expect(one(app, 'SELECT count(*) FROM sync_key_conflicts')).toBe(0);
    expect(settleFreedConflicts(app.db, NOW)).toBe(0);
  });

  it('a held update of a local sale (the server renumbered it to a number another local sale took) is applied as an update', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData({ external_id: 'L-1' }));
    applyOk(app, session, 'register_sale', saleData({ external_id: 'L-2' }));
    const [a, b] = all(app, 'SELECT id, number FROM sales ORDER BY seq') as { id: string; number: string }[];
    const spec = syncedTableList().find((t) => t.table === 'sales')!;
    // `/v1/sales/renumber`'s log entry as the pull brings it: the sale's id, number and seq only.
    const renumber = { id: a!.id, number: b!.number, seq: 2 };
    const pulled = app.db.transaction(() =>
      applyChanges(app.db, spec, [{ operation: 'update' as const, value: renumber }], NOW, { deferSaleState: true }),
    );
    expect(pulled.conflicts).toBe(1);
    expect(settleFreedConflicts(app.db, NOW)).toBe(0);
    putSetting(app.db, SALE_NUMBER_TAG_KEY, 'CX9', NOW);
    const result = app.dispatch('sync.key_conflicts.settle', { row_id: a!.id }, session);
    expect(result).toMatchObject({ ok: true, value: { renumbered: { sale_id: b!.id, from: b!.number }, rows: 1 } });
    // Before: an INSERT … DO NOTHING of the held row skipped the update and cleared it for good.
    expect(one(app, 'SELECT number FROM sales WHERE id = ?', a!.id)).toBe(b!.number);
    expect(one(app, 'SELECT count(*) FROM sales')).toBe(2);
    expect(one(app, 'SELECT count(*) FROM sync_key_conflicts')).toBe(0);
  });
});
