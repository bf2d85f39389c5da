import { describe, expect, it } from 'vitest';
import { MERGE_KEYS, NOT_MERGED } from '../../sync-server/push/merge';
import { openTestApp } from '../../test/helpers';
import type { Balcao } from '../balcao';
import { syncedTableList, type SyncedTable } from './outbox';
import { applyChanges } from './sync.apply';
import { listKeyConflicts, listMerges, uniqueIndexes } from './sync.merge';
import { syncStatus } from './sync.status';

const NOW = '2026-11-30T12:00:00.000Z';

/** A device row of `table`: every NOT NULL column without a default filled, `key` set to `values`. */
function deviceRow(app: Balcao, table: string, id: string, key: string[], values: unknown[]): Record<string, unknown> {
  const columns = app.db.raw
    .prepare(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?)`)
    .all(table) as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
  }[];
  const row: Record<string, unknown> = {};
  for (const c of columns) {
    if (c.name === 'store_id') row[c.name] = 'store-1';
    else if (c.notnull && c.name.endsWith('_at')) row[c.name] = NOW;
    else if (c.notnull && c.dflt_value === null) row[c.name] = /INT/i.test(c.type) ? 1 : `x-${c.name}-${id}`;
  }
  key.forEach((column, i) => (row[column] = values[i]));
  row.id = id;
  return row;
}

function insertLocal(app: Balcao, table: string, row: Record<string, unknown>) {
  const names = Object.keys(row);
  app.db.raw
    .prepare(
      `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    )
    .run(...(Object.values(row) as (string | number)[]));
}

const exists = (app: Balcao, table: string, id: string) =>
  app.db.raw.prepare(`SELECT count(*) FROM "${table}" WHERE id = ?`).pluck().get(id) === 1;

const kindOf = (table: string) => syncedTableList().find((t) => t.table === table)!.kind;

describe('pull: unique-key merges on the device', () => {
  it('every device UNIQUE of a synced table is merged, or listed as not merged with its reason', async () => {
    const app = await openTestApp();
    const device = new Set<string>();
    for (const { table } of syncedTableList()) {
      for (const index of uniqueIndexes(app.db, table)) device.add(`${table}(${index.columns.join(',')})`);
    }
    const merged = Object.entries(MERGE_KEYS).flatMap(([table, keys]) => keys.map((k) => `${table}(${k.join(',')})`));
    const notMerged = Object.keys(NOT_MERGED).filter((k) => !k.startsWith('barcodes('));
    expect([...device].sort()).toEqual([...merged, ...notMerged].sort());
  });

  const cases = Object.entries(MERGE_KEYS).flatMap(([table, keys]) =>
    keys.map((key, n) => ({ table: table as SyncedTable, key, n })),
  );

  it.each(cases)(
    '$table ($key): a local row with the key the server has is merged into the server’s',
    async ({ table, key, n }) => {
      const app = await openTestApp();
      app.db.raw.pragma('foreign_keys = OFF');
      app.db.raw.pragma('ignore_check_constraints = ON');
      // The store the rows name (a sale's state is projected with its store's time zone).
      insertLocal(app, 'stores', {
        ...deviceRow(app, 'stores', 'store-1', ['code'], ['LJ01']),
        timezone: 'America/Sao_Paulo',
      });
      const values = key.map((column) => (/_no$|^number$|^seq$/.test(column) ? 70 + n : `K-${table}-${n}`));
      const local = deviceRow(app, table, `${table}-local`, key, values);
      insertLocal(app, table, local);
      // users.login is case-insensitive: the server's row typed it in capitals.
      const theirs = table === 'users' ? values.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)) : values;
      const server = deviceRow(app, table, `${table}-server`, key, theirs);
      const spec = { table, kind: kindOf(table), key: 'id' };
      const result = app.db.transaction(() =>
        applyChanges(app.db, spec, [{ operation: 'insert', value: server }], NOW),
      );
      expect(result).toEqual({ applied: 1, held: 0, conflicts: 0, merged: 1 });
      expect([exists(app, table, `${table}-local`), exists(app, table, `${table}-server`)]).toEqual([false, true]);
      // A merge the server announces for a row this desktop still holds: the same, by message.
      const other = deviceRow(
        app,
        table,
        `${table}-other`,
        key,
        key.map((c, i) => (typeof values[i] === 'number' ? 90 + n : `O-${c}`)),
      );
      insertLocal(app, table, other);
      const announced = app.db.transaction(() =>
        applyChanges(
          app.db,
          spec,
          [{ operation: 'delete', value: { id: `${table}-other` }, mergedInto: `${table}-server` }],
          NOW,
        ),
      );
      expect(announced.merged).toBe(1);
      expect(exists(app, table, `${table}-other`)).toBe(false);
      expect(
        listMerges(app.db)
          .items.map((m) => [m.table, m.from_id, m.to_id])
          .sort(),
      ).toEqual([
        [table, `${table}-local`, `${table}-server`],
        [table, `${table}-other`, `${table}-server`],
      ]);
    },
  );

  it('re-points references (a sale of the merged customer) and keeps a row whose key comes from an unacknowledged local update', async () => {
    const app = await openTestApp();
    app.db.raw.pragma('foreign_keys = OFF');
    app.db.raw.pragma('ignore_check_constraints = ON');
    insertLocal(app, 'customers', deviceRow(app, 'customers', 'cust-local', ['cpf'], ['52998224725']));
    insertLocal(app, 'sales', {
      ...deviceRow(app, 'sales', 'sale-1', ['external_id'], ['S-1']),
      customer_id: 'cust-local',
    });
    const spec = { table: 'customers', kind: 'record' as const, key: 'id' };
    app.db.transaction(() =>
      applyChanges(
        app.db,
        spec,
        [{ operation: 'insert', value: deviceRow(app, 'customers', 'cust-server', ['cpf'], ['52998224725']) }],
        NOW,
      ),
    );
    expect(app.db.raw.prepare(`SELECT customer_id FROM sales WHERE id = 'sale-1'`).pluck().get()).toBe('cust-server');

    // The CPF of this local customer comes from a change the server has not answered: not merged.
    insertLocal(app, 'customers', deviceRow(app, 'customers', 'cust-edited', ['cpf'], ['11144477735']));
    app.db.raw
      .prepare(
        `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, created_at)
         VALUES ('m1', 'customers', 'cust-edited', 'update', '{"cpf":"11144477735"}', ?)`,
      )
      .run(NOW);
    const result = app.db.transaction(() =>
      applyChanges(
        app.db,
        spec,
        [{ operation: 'insert', value: deviceRow(app, 'customers', 'cust-2', ['cpf'], ['11144477735']) }],
        NOW,
      ),
    );
    expect(result).toEqual({ applied: 0, held: 0, conflicts: 1, merged: 0 });
    expect([exists(app, 'customers', 'cust-edited'), exists(app, 'customers', 'cust-2')]).toEqual([true, false]);
  });

  it('a collision on a key that is not merged (a sale number) is a listed conflict: both sales kept, nothing re-pointed', async () => {
    const app = await openTestApp();
    app.db.raw.pragma('foreign_keys = OFF');
    app.db.raw.pragma('ignore_check_constraints = ON');
    insertLocal(app, 'sales', deviceRow(app, 'sales', 'sale-local', ['number'], ['LJ01-EXT-000001']));
    insertLocal(app, 'sale_items', {
      ...deviceRow(app, 'sale_items', 'item-local', ['line_no'], [1]),
      sale_id: 'sale-local',
    });
    const server = deviceRow(app, 'sales', 'sale-server', ['number'], ['LJ01-EXT-000001']);
    const spec = { table: 'sales', kind: kindOf('sales'), key: 'id' };
    const pull = () =>
      app.db.transaction(() => applyChanges(app.db, spec, [{ operation: 'insert', value: server }], NOW));
    expect(pull()).toEqual({ applied: 0, held: 0, conflicts: 1, merged: 0 });
    // The local sale and its line are untouched; nothing was merged.
    expect(exists(app, 'sales', 'sale-local')).toBe(true);
    expect(app.db.raw.prepare(`SELECT sale_id FROM sale_items WHERE id = 'item-local'`).pluck().get()).toBe(
      'sale-local',
    );
    expect(listMerges(app.db).total).toBe(0);
    // The server's sale is kept whole for the owner's list, once however often it comes back.
    expect(pull().conflicts).toBe(1);
    const listed = listKeyConflicts(app.db);
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toEqual({
      table: 'sales',
      row_id: 'sale-server',
      local_id: 'sale-local',
      key: 'number',
      value: '["LJ01-EXT-000001"]',
      seen_at: NOW,
    });
    const kept = app.db.raw
      .prepare(`SELECT row FROM sync_key_conflicts WHERE row_id = 'sale-server'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(kept)).toEqual(server);
    expect(syncStatus(app.db, false).key_conflicts.total).toBe(1);
  });
});
