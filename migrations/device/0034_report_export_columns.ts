import { sql, type Kysely, type Migration } from 'kysely';
import { offsetModifierSql } from './0017_analytics';
import { createIndexAfterFirstSync, dropIndexWithSavedCopy } from './first-sync';

/**
 * The `vendas` export in one range read (issue 15: CSV at ≥ 200,000 rows/s over a million
 * sales). `analytics_sales` (0017: one device-local row per sale, kept by triggers) also carries
 * every per-sale column the export shows, and one covering index holds them in export order,
 * so the export is one index range scan instead of B-tree lookups into `sales`, `sale_state`
 * and `sale_items` per sale:
 *
 * - `number`, `subtotal_cents` and `discount_cents` (line + order discounts) of `sales`;
 * - `refunded_cents` of `sale_state`;
 * - `items_milli`: Σ `sale_items.qty_milli` of the sale (null when it has no lines).
 *
 * Kept exactly as the existing columns: the `sale_state` triggers (every fact of a sale — a
 * payment, a return, a cancellation, lines arriving by sync in any order — is followed by its
 * `sale_state` upsert, which rewrites the row) and the `sales` update trigger, which now also
 * fires on these columns. Their bodies keep the shape `app/sync/sync.pull.first.ts` parses for
 * the set-based rebuild after a first sync; a first sync under way keeps its saved copies, so
 * those are updated instead.
 *
 * `analytics_sales_export` (occurred_at, sale_id, then the columns the export reads) gives the
 * rows in the export's order (`ORDER BY occurred_at, sale_id`) whatever the table's physical
 * order, without a sort. `analytics_sales_day` (local_date, counted) goes: it is a prefix of
 * 0025's `analytics_sales_day_cover`, so each sale still writes as many index entries. During a
 * first sync (`./first-sync.ts`) the day index's saved `CREATE` is deleted and the export
 * index's saved instead of built, so the sync's finish builds the right set once.
 * Existing rows are filled in one statement (the day cache's update trigger is set aside
 * meanwhile: its aggregates do not change). One transaction; nothing synced changes.
 */
export const reportExportColumns: Migration = {
  async up(db: Kysely<unknown>) {
    await db.transaction().execute(async (trx) => {
      const run = (text: string) => sql.raw(text).execute(trx);
      const columns = await sql<{ name: string }>`SELECT name FROM pragma_table_info('analytics_sales')`.execute(trx);
      if (!columns.rows.some((c) => c.name === 'items_milli')) {
        for (const column of NEW_COLUMNS) await run(`ALTER TABLE analytics_sales ADD COLUMN ${column}`);
      }
      const dayTrigger = await sql<{ sql: string }>`SELECT sql FROM sqlite_master
        WHERE type = 'trigger' AND name = 'analytics_days_analytics_sales_update'`.execute(trx);
      await run('DROP TRIGGER IF EXISTS analytics_days_analytics_sales_update');
      await run(`UPDATE analytics_sales SET number = s.number, subtotal_cents = s.subtotal_cents,
          discount_cents = s.line_discount_cents + s.order_discount_cents, refunded_cents = ss.refunded_cents,
          items_milli = (SELECT sum(i.qty_milli) FROM sale_items i WHERE i.sale_id = s.id)
        FROM sales s JOIN sale_state ss ON ss.sale_id = s.id WHERE s.id = analytics_sales.sale_id`);
      for (const t of dayTrigger.rows) await run(t.sql);
      // During a first sync: the day index's saved copy goes, the export index is built at its finish.
      await dropIndexWithSavedCopy(trx, 'analytics_sales_day');
      await createIndexAfterFirstSync(trx, {
        name: 'analytics_sales_export',
        table: 'analytics_sales',
        phase: 2,
        createSql: `CREATE INDEX analytics_sales_export ON analytics_sales (${EXPORT_INDEX})`,
      });
      for (const [name, body] of Object.entries(exportTriggers())) {
        const saved =
          await sql`UPDATE sync_first_sync SET sql = ${body} WHERE name = ${name} AND kind = 'trigger'`.execute(trx);
        if (Number(saved.numAffectedRows ?? 0) > 0) continue; // a first sync under way re-creates it
        await run(`DROP TRIGGER IF EXISTS ${name}`);
        await run(body);
      }
    });
  },
};

const NEW_COLUMNS = [
  `number TEXT NOT NULL DEFAULT ''`,
  'subtotal_cents INTEGER NOT NULL DEFAULT 0',
  'discount_cents INTEGER NOT NULL DEFAULT 0',
  'refunded_cents INTEGER NOT NULL DEFAULT 0',
  'items_milli INTEGER',
];

/** The covering index of the export: its order, then what it filters on and shows. */
const EXPORT_INDEX = `occurred_at, sale_id, local_date, number, store_id, salesperson_id, customer_id, status,
  items_milli, subtotal_cents, discount_cents, total_cents, refunded_cents, net_cents`;

const COLUMNS = `sale_id, customer_id, store_id, salesperson_id, occurred_at, local_date, local_hour, status, counted,
  purchase, total_cents, net_cents, number, subtotal_cents, discount_cents, refunded_cents, items_milli`;

/** One sale's row (or every sale's, `where` = '1 = 1') as 0017's, plus the export's columns. */
function selectSql(where: string): string {
  const mod = offsetModifierSql('s.occurred_at', 's.store_id');
  return `SELECT s.id, s.customer_id, s.store_id, s.salesperson_id, s.occurred_at,
      date(s.occurred_at, ${mod}), CAST(strftime('%H', s.occurred_at, ${mod}) AS INTEGER),
      ss.status, ss.paid_cents >= ss.total_cents,
      ss.status IN ('aprovada', 'completa', 'parcialmente_reembolsada'), ss.total_cents, ss.net_cents,
      s.number, s.subtotal_cents, s.line_discount_cents + s.order_discount_cents, ss.refunded_cents,
      (SELECT sum(i.qty_milli) FROM sale_items i WHERE i.sale_id = s.id)
    FROM sales s JOIN sale_state ss ON ss.sale_id = s.id WHERE ${where}`;
}

/** Delete, then insert, as 0017 (see its `upsertSql`): the shape the first sync's rebuild parses. */
function upsertSql(saleId: string): string {
  return `DELETE FROM analytics_sales WHERE sale_id = ${saleId};
    INSERT INTO analytics_sales (${COLUMNS}) ${selectSql(`s.id = ${saleId}`)};`;
}

/** The three triggers keeping one sale's row, by name (their `CREATE TRIGGER` statements). */
export function exportTriggers(): Record<string, string> {
  return {
    analytics_sale_state_insert: `CREATE TRIGGER analytics_sale_state_insert AFTER INSERT ON sale_state BEGIN ${upsertSql('NEW.sale_id')} END`,
    analytics_sale_state_update: `CREATE TRIGGER analytics_sale_state_update AFTER UPDATE ON sale_state BEGIN ${upsertSql('NEW.sale_id')} END`,
    analytics_sales_update: `CREATE TRIGGER analytics_sales_update AFTER UPDATE OF customer_id, salesperson_id, store_id,
        occurred_at, number, subtotal_cents, line_discount_cents, order_discount_cents ON sales
      BEGIN ${upsertSql('NEW.id')} END`,
  };
}
