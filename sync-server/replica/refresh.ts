import { CompiledQuery, sql, type Kysely } from 'kysely';
import { applyChanges, type IncomingChange } from '../../app/sync/sync.apply';
import { APP_ROLE } from '../../migrations/central/run-sql';
import type { CentralDb } from '../db/schema';
import type { Catalog } from '../synced-tables';
import type { Replica } from './replica';

/** A replica further behind than this is rebuilt instead of replayed. */
export const MAX_REPLAY = 20_000;

interface LogEntry {
  seq: number;
  table_name: string;
  op: string;
  row_id: string;
  columns: Record<string, unknown> | null;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Brings an unscoped replica (every store) up to the tenant's `sync_log`: the entries after its
 * position are applied in the server's order with the desktop pull's own `applyChanges`
 * (upserts, last writer wins, projections), facts read from their tables (their entry refers
 * to the row). Returns false when the replica must be rebuilt instead: too far behind, or an
 * entry other than insert/update (a unique-key merge).
 */
export async function replayLog(
  central: Kysely<CentralDb>,
  catalog: Catalog,
  tenantId: string,
  replica: Replica,
  tables: ReadonlySet<string>,
): Promise<boolean> {
  return central
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const { rows: head } = await sql<{ last_seq: number }>`SELECT set_config('app.tenant_id', ${tenantId}, true),
        set_config('role', ${APP_ROLE}, true), (SELECT last_seq FROM sync_counters WHERE tenant_id = ${tenantId}) AS last_seq`.execute(
        trx,
      );
      const target = Number(head[0]?.last_seq ?? 0);
      if (target === replica.lastSeq) return true;
      if (target - replica.lastSeq > MAX_REPLAY || target < replica.lastSeq) return false;
      // Every synced table named: sync_log has no index on (tenant_id, seq) alone (central 0028),
      // so the range is read table by table through sync_log_table and sorted (≤ MAX_REPLAY rows).
      const { rows: entries } = await sql<LogEntry>`
        SELECT seq, table_name, op, row_id, columns FROM sync_log
        WHERE tenant_id = ${tenantId} AND table_name = ANY(${[...catalog.keys()]}::text[])
          AND seq > ${replica.lastSeq} AND seq <= ${target} ORDER BY seq`.execute(trx);
      if (entries.some((e) => e.op !== 'insert' && e.op !== 'update')) return false;
      // A renumbered sale (`POST /v1/sales/renumber`): the build skipped the sale that had its
      // number (`INSERT OR IGNORE`), so only a rebuild brings that one in.
      if (entries.some((e) => e.table_name === 'sales' && e.op === 'update')) return false;
      const facts = await factRows(trx, catalog, tenantId, entries, tables);
      const now = new Date().toISOString();
      const runs: { table: string; changes: IncomingChange[] }[] = [];
      for (const entry of entries) {
        if (!tables.has(entry.table_name)) continue;
        const value = entry.columns ?? facts.get(`${entry.table_name}\u0000${entry.row_id}`);
        if (!value) continue;
        const key = catalog.get(entry.table_name)?.key ?? 'id';
        const change: IncomingChange = {
          operation: entry.op as 'insert' | 'update',
          value: { ...value, [key]: entry.row_id },
        };
        const last = runs.at(-1);
        if (last?.table === entry.table_name) last.changes.push(change);
        else runs.push({ table: entry.table_name, changes: [change] });
      }
      replica.db.raw.transaction(() => {
        for (const run of runs) {
          const spec = catalog.get(run.table);
          if (spec) applyChanges(replica.db, { table: spec.name, kind: spec.kind, key: spec.key }, run.changes, now);
        }
      })();
      replica.lastSeq = target;
      return true;
    });
}

/** The rows of the fact entries, one query per table. */
async function factRows(
  trx: Kysely<CentralDb>,
  catalog: Catalog,
  tenantId: string,
  entries: LogEntry[],
  tables: ReadonlySet<string>,
): Promise<Map<string, Record<string, unknown>>> {
  const wanted = new Map<string, string[]>();
  for (const e of entries) {
    if (e.columns !== null || !tables.has(e.table_name)) continue;
    const list = wanted.get(e.table_name) ?? [];
    list.push(e.row_id);
    wanted.set(e.table_name, list);
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const [name, ids] of wanted) {
    const table = catalog.get(name);
    if (!table) continue;
    const { rows } = await trx.executeQuery<{ key: string; row: Record<string, unknown> }>(
      CompiledQuery.raw(
        `SELECT t.${quote(table.key)} AS key, to_jsonb(t) AS row FROM ${quote(name)} t
         WHERE t.tenant_id = $1 AND t.${quote(table.key)} = ANY($2::text[])`,
        [tenantId, ids],
      ),
    );
    for (const r of rows) out.set(`${name}\u0000${r.key}`, r.row);
  }
  return out;
}
