import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { runDemo } from '../app/analytics/demo';
import { Db } from '../app/db/db';
import { syncedTableList } from '../app/sync/outbox';
import { centralMigrations } from '../migrations/central';
import { createTenant } from '../sync-server/admin';
import { openCentral } from '../sync-server/db/central';
import { loadCatalog, type Catalog } from '../sync-server/synced-tables';
import { openBenchStore } from './harness';

/** Demo sales giving about 1,000,000 synced rows (≈ 6.24 rows per sale: lines, payment, history, stock…). */
export const FIRST_SYNC_SALES = Number(process.env.BENCH_SYNC_SALES ?? 160_500);

function sourcePath(sales: number): string {
  const dir = join(tmpdir(), 'balcao-bench');
  mkdirSync(dir, { recursive: true });
  return join(dir, `sync-source-${sales}.sqlite3`);
}

/**
 * A desktop database holding the `demo` store (issue 13: 3 stores, a tenth as many customers
 * as sales, sales with lines, payments, status history, stock movements, returns, cancellations,
 * leads and agenda) — the rows a tenant's central database holds once its desktops have pushed.
 * Generated once into the temp folder and reused (it takes about a minute).
 */
export async function sourceStore(sales = FIRST_SYNC_SALES): Promise<Db> {
  const path = sourcePath(sales);
  if (!existsSync(path)) {
    const building = `${path}.${randomBytes(4).toString('hex')}.building`;
    console.log(`sync pull: generating ${sales} demo sales into ${path} (once)…`);
    const { app } = await openBenchStore(building);
    runDemo(app.db, { customers: Math.max(20, Math.floor(sales / 10)), sales, seed: 14, now: new Date() });
    app.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    app.close();
    renameSync(building, path);
    for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  }
  // Read as written (no migration): a newer device schema must not invalidate the generated store.
  return new Db(new BetterSqlite3(path, { readonly: true }));
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const CHUNK = 20_000;

/**
 * Copies every synced table of `source` into the central database as tenant `tenantId`, the
 * way pushes would have left it (tenant_id, device_id, the origin store where the device row
 * has none), straight with `INSERT … SELECT FROM unnest` in chunks — not through the API.
 * `pool` connects as the database owner (row-level security does not apply). Also registers
 * the source's stores in `tenant_stores`. Returns the rows copied.
 */
export async function loadCentral(
  pool: pg.Pool,
  catalog: Catalog,
  source: Db,
  tenantId: string,
  deviceId: string,
): Promise<number> {
  const storeId = source.raw.prepare('SELECT id FROM stores ORDER BY created_at, id LIMIT 1').pluck().get() as string;
  let total = 0;
  for (const { table } of syncedTableList()) {
    const info = catalog.get(table);
    if (!info) throw new Error(`central has no ${table}`);
    const deviceColumns = new Set(
      source.raw.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[],
    );
    const columns = [...info.columns.keys()].filter((c) => deviceColumns.has(c));
    const types = columns.map((c) => (info.columns.get(c)!.type === 'bigint' ? 'bigint[]' : 'text[]'));
    const fixed = info.originStore ? ['tenant_id', 'device_id', 'store_id'] : ['tenant_id', 'device_id'];
    const fixedValues = info.originStore ? [tenantId, deviceId, storeId] : [tenantId, deviceId];
    const text = `INSERT INTO ${quote(table)} (${[...fixed, ...columns].map(quote).join(', ')})
      SELECT ${fixed.map((_, i) => `$${i + 1}`).join(', ')}, ${columns.map((c) => `u.${quote(c)}`).join(', ')}
      FROM unnest(${types.map((t, i) => `$${i + fixed.length + 1}::${t}`).join(', ')}) AS u(${columns.map(quote).join(', ')})`;
    const select = source.raw.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw();
    let chunk: unknown[][] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const arrays = columns.map((_, i) => chunk.map((row) => row[i] ?? null));
      await pool.query(text, [...fixedValues, ...arrays]);
      total += chunk.length;
      chunk = [];
    };
    for (const row of select.iterate() as Iterable<unknown[]>) {
      chunk.push(row);
      if (chunk.length === CHUNK) await flush();
    }
    await flush();
  }
  await pool.query(
    `INSERT INTO tenant_stores (tenant_id, id, name) SELECT $1, id, name FROM stores WHERE tenant_id = $1
     ON CONFLICT DO NOTHING`,
    [tenantId],
  );
  await pool.query('ANALYZE');
  return total;
}

async function adminQuery(adminUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh central database (migrated) whose tenant holds the source store, and that tenant's
 * id. Loading a million rows takes a minute or more, so the loaded database is kept on the
 * server as a template (`balcao_bench_syncpull_<hash of the central migrations and the source>`,
 * older ones dropped) and each run gets a copy (`CREATE DATABASE … TEMPLATE`, seconds).
 */
export async function centralWithSource(
  adminUrl: string,
  source: Db,
  sales = FIRST_SYNC_SALES,
): Promise<{ url: string; tenantId: string; drop(): Promise<void> }> {
  const key = createHash('sha256')
    .update(`${Object.keys(centralMigrations).join(',')}|${sales}|${statSync(sourcePath(sales)).mtimeMs}`)
    .digest('hex')
    .slice(0, 12);
  const template = `balcao_bench_syncpull_${key}`;
  const existing = await adminQuery(
    adminUrl,
    `SELECT datname FROM pg_database WHERE datname LIKE 'balcao_bench_syncpull_%'`,
  );
  const names = existing.rows.map((r: { datname: string }) => r.datname);
  for (const old of names.filter((n) => n !== template)) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${old} WITH (FORCE)`);
  }
  if (!names.includes(template)) {
    const building = `${template}_b${randomBytes(3).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${building}`);
    const central = await openCentral({ databaseUrl: withDatabase(adminUrl, building) });
    const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, building), max: 2 });
    pool.on('error', () => undefined);
    try {
      const { tenant_id } = await createTenant(central.db, 'Bench primeira sincronização');
      const t0 = Date.now();
      const rows = await loadCentral(pool, await loadCatalog(central.db), source, tenant_id, 'bench-origin');
      console.log(
        `sync pull: ${rows} rows loaded into Postgres in ${((Date.now() - t0) / 1000).toFixed(1)} s (kept as ${template})`,
      );
    } finally {
      await pool.end();
      await central.close();
    }
    await adminQuery(adminUrl, `ALTER DATABASE ${building} RENAME TO ${template}`);
  }
  const name = `balcao_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = withDatabase(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const tenantId = (await client.query<{ id: string }>('SELECT id FROM tenants LIMIT 1')).rows[0]!.id;
  await client.end();
  return {
    url,
    tenantId,
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
}

/** An empty database on the Postgres server at `adminUrl` (the server migrates it); dropped by `drop()`. */
export async function freshCentralDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `balcao_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined),
  };
}
