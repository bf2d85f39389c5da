import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp, tempDbPath } from '../../test/helpers';
import { openBalcao } from '../balcao';
import { runCli } from '../cli/main';
import { newSession } from '../contract/context';
import type { Db } from '../db/db';
import { applyOk, saleData } from '../../test/sales-fixtures';
import { openCounter } from '../../test/counter-fixtures';
import { MASKED } from './audit.mask';
import type { AuditLogTable } from './audit.tables';

const CUSTOMER = {
  external_id: 'C-1',
  name: 'Maria Souza',
  cpf: '52998224725',
  phone: '11987654321',
  email: 'maria@example.com',
};

function rows(db: Db): AuditLogTable[] {
  return db.raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditLogTable[];
}

/** Removes the append-only triggers, as someone editing the file by hand would. */
function tamper(db: Db, statements: string): void {
  db.raw.exec(`DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ${statements}`);
}

async function appWithHistory() {
  const { app, session } = await openSetUpApp();
  const { id } = expectOk(app.dispatch('customers.upsert', CUSTOMER, session)) as { id: string };
  expectOk(app.dispatch('customers.upsert', { ...CUSTOMER, phone: '11912345678' }, session));
  expectOk(app.dispatch('customers.get', { customer_id: id }, session));
  return { app, session, customerId: id };
}

describe('audit trail', () => {
  it('writes who, what and which record for each write, with personal values masked before and after', async () => {
    const { app, session, customerId } = await appWithHistory();
    const log = rows(app.db);
    const ops = log.map((r) => `${r.kind} ${r.operation}`);
    expect(ops).toEqual([
      'write store.setup',
      'write customers.upsert',
      'write customers.upsert',
      'read customers.get',
    ]);
    const update = log[2]!;
    expect(update).toMatchObject({
      user_id: session.userId,
      role: 'owner',
      record_table: 'customers',
      record_id: customerId,
      seq: 3,
    });
    const changes = JSON.parse(update.changes) as {
      t: string;
      op: string;
      before: object;
      after: Record<string, unknown>;
    }[];
    expect(changes).toEqual([
      {
        t: 'customers',
        id: customerId,
        op: 'update',
        before: { phone: MASKED, updated_at: expect.any(String) },
        after: { phone: MASKED, updated_at: expect.any(String) },
      },
    ]);
    expect(log[3]!.record_id).toBe(customerId);
    const raw = JSON.stringify(log);
    for (const value of ['Maria', 'Souza', '52998224725', '987654321', '912345678', 'maria@example.com']) {
      expect(raw, value).not.toContain(value);
    }
  });

  it('writes nothing for a refused operation nor for an ordinary read', async () => {
    const { app, session } = await appWithHistory();
    const before = rows(app.db).length;
    const refused = app.dispatch(
      'customers.upsert',
      { ...CUSTOMER, external_id: 'C-2', birth_date: '2999-01-01' },
      session,
    );
    expect(refused.ok).toBe(false);
    expectOk(app.dispatch('catalog.list', {}, session));
    expect(rows(app.db).length).toBe(before);
  });

  it('records the register and the approver found on the written rows', async () => {
    const h = await openCounter();
    applyOk(h.app, h.owner, 'register_sale', saleData({ payments: [] }));
    const discount = {
      reference_external_id: 'S-1',
      discount_percentage: 99.99,
      approval: { login: 'gerente', pin: '5678' },
    };
    expectOk(h.app.dispatch('sales.discount', discount, h.cashier));
    const manager = h.app.db.raw.prepare(`SELECT id FROM users WHERE login = 'gerente'`).get() as { id: string };
    const last = rows(h.app.db).at(-1)!;
    expect(last).toMatchObject({
      operation: 'sales.discount',
      user_id: h.cashier.userId,
      role: 'cashier',
      register_id: h.cashier.registerId,
      approved_by: manager.id,
    });
    expect(h.cashier.registerId).not.toBeNull();
  });

  it('names inserted facts by table and id only, and keeps the first values of an inserted record (masked)', async () => {
    const h = await openCounter();
    applyOk(h.app, h.owner, 'register_sale', saleData({ payments: [] }));
    const sale = h.app.db.raw.prepare(`SELECT id FROM sales`).get() as { id: string };
    const row = rows(h.app.db).at(-1)!;
    expect(row).toMatchObject({ operation: 'sales.apply', record_table: 'sales', record_id: sale.id });
    const changes = JSON.parse(row.changes) as { t: string; id: string; op: string; after?: object }[];
    expect(changes[0]).toEqual({ t: 'sales', id: sale.id, op: 'insert' });
    expect(changes.every((c) => c.after === undefined)).toBe(true);
    // Issue 9 item 14: the sale's audit row stays small (it was 5 KB of copied values).
    expect(row.changes.length).toBeLessThan(1200);

    const { app, session } = await openSetUpApp();
    expectOk(app.dispatch('customers.upsert', CUSTOMER, session));
    const inserted = JSON.parse(rows(app.db).at(-1)!.changes) as { t: string; after: Record<string, unknown> }[];
    expect(inserted[0]!.t).toBe('customers');
    expect(inserted[0]!.after).toMatchObject({ name: MASKED, cpf: MASKED, external_id: 'C-1' });
  });

  it('is append-only and synced', async () => {
    const { app } = await appWithHistory();
    expect(() => app.db.raw.exec(`UPDATE audit_log SET operation = 'x'`)).toThrow(/append-only/);
    expect(() => app.db.raw.exec(`DELETE FROM audit_log`)).toThrow(/append-only/);
    const outbox = app.db.raw.prepare(`SELECT count(*) AS n FROM sync_outbox WHERE table_name = 'audit_log'`).get() as {
      n: number;
    };
    expect(outbox.n).toBe(4);
  });
});

describe('audit.verify', () => {
  it('says ok for an untouched chain', async () => {
    const { app, session } = await appWithHistory();
    expect(expectOk(app.dispatch('audit.verify', {}, session))).toEqual({ ok: true, rows: 4 });
  });

  it('finds an edited row', async () => {
    const { app, session } = await appWithHistory();
    tamper(app.db, `UPDATE audit_log SET operation = 'catalog.list' WHERE seq = 2`);
    expect(expectOk(app.dispatch('audit.verify', {}, session))).toMatchObject({
      ok: false,
      rows: 4,
      first_bad_row: 2,
      problem: { reason: 'hash' },
    });
  });

  it('finds a deleted row', async () => {
    const { app, session } = await appWithHistory();
    tamper(app.db, `DELETE FROM audit_log WHERE seq = 2`);
    expect(expectOk(app.dispatch('audit.verify', {}, session))).toMatchObject({
      ok: false,
      rows: 3,
      first_bad_row: 2,
      problem: { reason: 'seq' },
    });
  });

  it('finds two swapped rows', async () => {
    const { app, session } = await appWithHistory();
    tamper(
      app.db,
      `UPDATE audit_log SET seq = seq + 100 WHERE seq IN (2, 3); UPDATE audit_log SET seq = CASE seq WHEN 102 THEN 3 ELSE 2 END WHERE seq > 100`,
    );
    expect(expectOk(app.dispatch('audit.verify', {}, session))).toMatchObject({
      ok: false,
      rows: 4,
      first_bad_row: 2,
      problem: { reason: 'link' },
    });
  });

  it('is answered by the CLI as { ok, rows, first_bad_row }', async () => {
    const path = tempDbPath();
    const app = await openBalcao(path);
    const session = newSession();
    expectOk(
      app.dispatch(
        'store.setup',
        { store: { name: 'Loja', code: 'LJ01' }, owner: { name: 'Ana', login: 'ana', pin: '1234' } },
        session,
      ),
    );
    expectOk(app.dispatch('customers.upsert', CUSTOMER, session));
    app.close();
    const run = async () => {
      const out: string[] = [];
      const code = await runCli(['audit', 'verify', '--db', path, '--json'], {
        out: (t) => out.push(t),
        err: () => undefined,
      });
      return { code, value: JSON.parse(out.join('')) as unknown };
    };
    expect(await run()).toEqual({ code: 0, value: { ok: true, rows: 2 } });
    const again = await openBalcao(path);
    tamper(again.db, `UPDATE audit_log SET changes = '[]' WHERE seq = 2`);
    again.close();
    expect(await run()).toMatchObject({ code: 4, value: { ok: false, rows: 2, first_bad_row: 2 } });
  });
});
