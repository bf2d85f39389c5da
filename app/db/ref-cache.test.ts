import { describe, expect, it } from 'vitest';
import { openBalcao, type Balcao } from '../balcao';
import { newSession } from '../contract/context';
import { findVariantBySku } from '../catalog/catalog.queries';
import { findStore } from '../store/store.queries';
import { getSetting } from '../settings/settings.queries';
import { checkSession } from '../auth/session';
import { refCachedMany, refCacheSize } from './ref-cache';
import { expectOk } from '../../test/helpers';
import { counterSale, openCounter } from '../../test/counter-fixtures';

/** A second connection to the same file, as `cli apply` or another process would open it. */
async function secondConnection(app: Balcao): Promise<Balcao> {
  const other = await openBalcao(app.path);
  return other;
}

const priceOf = (app: Balcao) => findVariantBySku(app.db, 'TEN-AZ-38')?.price_cents;
const filePrice = (app: Balcao) =>
  app.db.raw.prepare("SELECT price_cents FROM variants WHERE external_id = 'TEN-AZ-38'").pluck().get();
const tempTriggers = (app: Balcao) =>
  app.db.raw.prepare("SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'balcao_ref_%'").pluck().get();

describe('reference cache (issue 9 item 14): lookups kept across operations, never stale', () => {
  it("sees another connection's commits at its next operation: price, closed caixa, deactivated user", async () => {
    const { app, owner, cashier } = await openCounter();
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    expectOk(app.dispatch('sales.register', counterSale(), cashier));
    const cli = await secondConnection(app);
    try {
      const system = newSession(true);
      const product = { external_id: 'TEN-AZ-38', name: 'Tênis', category: 'Calçados', kind: 'goods' };
      expectOk(
        cli.dispatch(
          'sales.apply',
          { action: 'upsert_product', transaction_data: { ...product, unit_price: 31990 } },
          system,
        ),
      );
      // The cached price (29990) would leave this payment short of nothing and over by 2000.
      const sale = expectOk(
        app.dispatch(
          'sales.register',
          counterSale({ payments: [{ method: 'cartao_debito', amount: 31990 }] }),
          cashier,
        ),
      );
      expect(sale.total_cents).toBe(31990);

      expectOk(cli.dispatch('cash.close', { register_id: cashier.registerId, counted_cash_cents: 0 }, system));
      expect(app.dispatch('sales.register', counterSale(), cashier)).toMatchObject({
        ok: false,
        error: { code: 'cash_not_open' },
      });

      const cashierId = cashier.userId ?? '';
      expectOk(cli.dispatch('users.update', { id: cashierId, active: false }, system));
      expect(app.dispatch('pdv.cash_status', {}, cashier)).toMatchObject({
        ok: false,
        error: { code: 'unauthenticated' },
      });
      expect(owner.userId).not.toBeNull();
    } finally {
      cli.close();
    }
  });

  it("sees this connection's own writes through any path, and forgets what a rollback undid", async () => {
    const { app } = await openCounter();
    expect(priceOf(app)).toBe(29990);
    // A raw statement (no insertRow/updateRow): the TEMP trigger still tells the cache.
    app.db.raw.prepare("UPDATE variants SET price_cents = 100 WHERE external_id = 'TEN-AZ-38'").run();
    expect(priceOf(app)).toBe(100);
    expect(() =>
      app.db.transaction(() => {
        app.db.raw.prepare("UPDATE variants SET price_cents = 200 WHERE external_id = 'TEN-AZ-38'").run();
        expect(priceOf(app)).toBe(200);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(priceOf(app)).toBe(100);
    app.db.transaction(() => {
      expect(priceOf(app)).toBe(100);
      try {
        app.db.transaction(() => {
          app.db.raw.prepare("UPDATE variants SET price_cents = 300 WHERE external_id = 'TEN-AZ-38'").run();
          expect(priceOf(app)).toBe(300);
          throw new Error('savepoint rolled back');
        });
      } catch {
        // the savepoint is gone; the outer transaction goes on
      }
      expect(priceOf(app)).toBe(100);
    });
    expect(priceOf(app)).toBe(100);
    app.db.raw.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x.test', '1', '2026-01-01')").run();
    expect(getSetting(app.db, 'x.test')).toBe(1);
    app.db.raw.prepare("UPDATE settings SET value = '2' WHERE key = 'x.test'").run();
    expect(getSetting(app.db, 'x.test')).toBe(2);
    app.db.raw.prepare("DELETE FROM settings WHERE key = 'x.test'").run();
    expect(getSetting(app.db, 'x.test')).toBeUndefined();
  });

  it('turns itself off when PRAGMA temp_store drops its triggers, and makes them again outside a transaction', async () => {
    const { app } = await openCounter();
    expect(tempTriggers(app)).toBe(33);
    const changes: [string, () => unknown][] = [
      ['pragma()', () => app.db.raw.pragma('temp_store = MEMORY')],
      ['exec()', () => app.db.raw.exec('PRAGMA temp_store = FILE')],
      ['prepare().run()', () => app.db.raw.prepare('PRAGMA temp_store = DEFAULT').run()],
    ];
    let current = 29990;
    let price = 500;
    for (const [how, change] of changes) {
      expect(priceOf(app), how).toBe(current);
      // Nothing reads the temp schema between the reset and the next lookup: a statement kept on
      // it from before the reset would crash the process here.
      change();
      app.db.transaction(() => {
        expect(priceOf(app), how).toBe(current);
        app.db.raw.prepare(`UPDATE variants SET price_cents = ${price} WHERE external_id = 'TEN-AZ-38'`).run();
        expect(priceOf(app), how).toBe(price);
      });
      expect(tempTriggers(app), how).toBe(0);
      expect(priceOf(app), how).toBe(price);
      expect(tempTriggers(app), how).toBe(33);
      app.db.raw.prepare(`UPDATE variants SET price_cents = ${price - 100} WHERE external_id = 'TEN-AZ-38'`).run();
      expect(priceOf(app), how).toBe(price - 100);
      current = price - 100;
      price += 1000;
    }
  });

  it('hands out frozen rows: a caller cannot change what the next lookup gets', async () => {
    const { app } = await openCounter();
    const storeId = app.db.raw.prepare('SELECT id FROM stores').pluck().get() as string;
    const store = findStore(app.db, storeId);
    expect(Object.isFrozen(store)).toBe(true);
    expect(() => {
      (store as { name: string }).name = 'Outra';
    }).toThrow(TypeError);
    expect(findStore(app.db, storeId)?.name).toBe('Loja Centro');
  });

  it('stays bounded: an entry read from two tables leaves both key sets when one is written; unknown SKUs are not kept', async () => {
    const { app, cashier } = await openCounter();
    const touchVariants = () =>
      app.db.raw.prepare("UPDATE variants SET cost_cents = cost_cents WHERE external_id = 'TEN-AZ-38'").run();
    touchVariants();
    const rest = refCacheSize(app.db) ?? { entries: -1, indexed: -1 };
    for (let round = 0; round < 3; round++) {
      const skus = Array.from({ length: 500 }, (_, i) => `R${round}-${i}`);
      refCachedMany(
        app.db,
        ['variants', 'products'],
        'variant-sku:',
        skus,
        (names) => new Map(names.map((n) => [n, { n }])),
      );
      expect(refCacheSize(app.db)).toEqual({ entries: rest.entries + 500, indexed: rest.indexed + 1000 });
      // A write to variants only: the entries go, and their keys leave the products key set too.
      touchVariants();
      expect(refCacheSize(app.db)).toEqual(rest);
    }
    expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, cashier));
    expectOk(app.dispatch('sales.register', counterSale(), cashier));
    const before = refCacheSize(app.db);
    const items = Array.from({ length: 300 }, (_, i) => ({
      variant_external_id: `NOPE-${i}-${'y'.repeat(80)}`,
      qty: 1,
    }));
    expect(app.dispatch('sales.register', counterSale({ items }), cashier)).toMatchObject({
      ok: false,
      error: { code: 'unknown_sku' },
    });
    expect(refCacheSize(app.db)).toEqual(before);
  });

  it('keeps nothing read inside a transaction Db did not open that later rolls back (raw BEGIN, raw.transaction, kysely)', async () => {
    const { app, cashier } = await openCounter();
    expect(priceOf(app)).toBe(29990);
    app.db.raw.exec('BEGIN');
    app.db.raw.prepare("UPDATE variants SET price_cents = 1 WHERE external_id = 'TEN-AZ-38'").run();
    app.db.transaction(() => expect(priceOf(app)).toBe(1));
    app.db.raw.exec('ROLLBACK');
    expect(priceOf(app)).toBe(29990);

    expect(() =>
      app.db.raw.transaction(() => {
        app.db.raw.prepare("UPDATE variants SET price_cents = 2 WHERE external_id = 'TEN-AZ-38'").run();
        app.db.transaction(() => expect(priceOf(app)).toBe(2));
        throw new Error('undo');
      })(),
    ).toThrow('undo');
    expect(priceOf(app)).toBe(29990);

    const undone = await app.db.q
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('variants').set({ price_cents: 3 }).where('external_id', '=', 'TEN-AZ-38').execute();
        app.db.transaction(() => expect(priceOf(app)).toBe(3));
        throw new Error('undo kysely');
      })
      .catch((error: unknown) => String(error));
    expect(undone).toContain('undo kysely');
    expect(priceOf(app)).toBe(29990);
    expect(filePrice(app)).toBe(29990);

    // A deactivated user whose reactivation was rolled back stays refused.
    const session = { ...cashier };
    app.db.raw.prepare('UPDATE users SET active = 0 WHERE id = ?').run(cashier.userId);
    app.db.raw.exec('BEGIN');
    app.db.raw.prepare('UPDATE users SET active = 1 WHERE id = ?').run(cashier.userId);
    app.db.transaction(() => checkSession(app.db, { ...cashier }, Date.now()));
    app.db.raw.exec('ROLLBACK');
    expect(app.dispatch('pdv.cash_status', {}, session)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });

  it('notices a temp_store reset run past any wrapper (a statement prepared through the prototype)', async () => {
    const { app } = await openCounter();
    expect(priceOf(app)).toBe(29990);
    const proto = Object.getPrototypeOf(app.db.raw) as {
      prepare: (this: unknown, sql: string) => { run: () => unknown };
    };
    proto.prepare.call(app.db.raw, 'PRAGMA temp_store = MEMORY').run();
    app.db.raw.prepare("UPDATE variants SET price_cents = 7 WHERE external_id = 'TEN-AZ-38'").run();
    expect(priceOf(app)).toBe(7);
    expect(tempTriggers(app)).toBe(33);
    app.db.raw.prepare("UPDATE variants SET price_cents = 8 WHERE external_id = 'TEN-AZ-38'").run();
    expect(priceOf(app)).toBe(8);
  });
});
