import { randomBytes } from 'node:crypto';
import { afterAll, describe, inject } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import { centralMigrations } from '../migrations/central';
import { APP_ROLE } from '../migrations/central/run-sql';
import type { CentralDb } from './db/schema';
import { PGlitePool } from './db/pglite-pool';
import type { PushMutation, WireValue } from '../app/sync/protocol';
import { createEnrolmentCode, createTenant } from './admin';
import { startSyncServer, type SyncServer } from './server';
import { postgresTemplate, templateBlob } from '../test/central-template';
import { tempDir } from '../test/helpers';

/**
 * Test support: every sync-server test runs on PGlite, and on real Postgres when
 * TEST_DATABASE_URL names a server we may create databases on (.ci/run sets it). Each server
 * gets a fresh database, dropped at the end of the file.
 */
export type EngineName = 'pglite' | 'postgres';

const adminUrl = process.env.TEST_DATABASE_URL || undefined;
let warned = false;

/** `describe` once per engine; the Postgres half is skipped, and says so, without TEST_DATABASE_URL. */
export function describeEngines(title: string, fn: (engine: EngineName) => void): void {
  describe(`${title} [pglite]`, () => fn('pglite'));
  if (adminUrl) {
    describe(`${title} [postgres]`, () => fn('postgres'));
  } else {
    if (!warned) {
      warned = true;
      console.warn('sync-server: Postgres half SKIPPED (set TEST_DATABASE_URL to run it; .ci/run does)');
    }
    describe.skip(`${title} [postgres] — SKIPPED: TEST_DATABASE_URL not set`, () => fn('postgres'));
  }
}

const dropped: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (dropped.length) await dropped.pop()?.();
});

/** The run's central templates folder (test/central-template.ts), unless run without the global setup. */
function centralTemplateDir(): string | undefined {
  return inject('centralTemplateDir');
}

/**
 * A fresh Postgres database on the TEST_DATABASE_URL server; its URL. `migrated`: a copy of the
 * run's migrated template (test/central-template.ts) instead of an empty database.
 */
export async function freshPostgres(options: { migrated?: boolean } = {}): Promise<string> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL not set');
  const name = `balcao_sync_test_${randomBytes(6).toString('hex')}`;
  const templateDir = options.migrated ? centralTemplateDir() : undefined;
  const template = templateDir ? await postgresTemplate(templateDir) : undefined;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  await admin.end();
  dropped.push(async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Options for openCentral / startSyncServer on a fresh, migrated database of the engine: a copy
 * of the run's migrated template (test/central-template.ts); the server's own migration run
 * then finds nothing to do.
 */
export async function freshDatabase(
  engine: EngineName,
): Promise<{ databaseUrl?: string; dataDir?: string; loadDataDir?: Blob }> {
  if (engine === 'postgres') return { databaseUrl: await freshPostgres({ migrated: true }) };
  const templateDir = centralTemplateDir();
  return templateDir
    ? { dataDir: 'memory://', loadDataDir: await templateBlob(templateDir, 'migrated') }
    : { dataDir: 'memory://' };
}

/**
 * A new SYNC_DATA_DIR (removed after the test) whose embedded database already holds the run's
 * migrated template, for tests of the CLI and server processes that open it themselves: they
 * skip initdb and every central migration (seconds each). Without the global setup: empty.
 */
export async function seededSyncDataDir(): Promise<string> {
  const dir = tempDir();
  const templateDir = centralTemplateDir();
  if (templateDir) {
    const pglite = await PGlite.create(dir, { loadDataDir: await templateBlob(templateDir, 'migrated') });
    await pglite.close();
  }
  return dir;
}

/** A server on a fresh database, listening on a free port; closed after the file. */
export async function testServer(engine: EngineName): Promise<SyncServer> {
  const server = await startSyncServer({ port: 0, ...(await freshDatabase(engine)), logLevel: 'silent' });
  dropped.push(() => server.close());
  return server;
}

export interface TestDevice {
  tenantId: string;
  storeId: string;
  deviceId: string;
  token: string;
  /** Next device_seq. */
  seq: number;
}

/** A new tenant with one enrolled device (store `store-<n>`). */
export async function enrolledDevice(server: SyncServer, tenantId?: string): Promise<TestDevice> {
  const tenant = tenantId ?? (await createTenant(server.central.db, 'Rede Teste')).tenant_id;
  const { enrolment_code } = await createEnrolmentCode(server.central.db, tenant);
  const suffix = randomBytes(4).toString('hex');
  const body = {
    code: enrolment_code,
    store_id: `store-${suffix}`,
    store_name: 'Loja',
    device_id: `dev-${suffix}`,
    device_name: 'Caixa',
  };
  const response = await fetch(`${server.url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`enrol failed: ${response.status} ${await response.text()}`);
  const enrolled = (await response.json()) as { token: string; tenant_id: string };
  return {
    tenantId: enrolled.tenant_id,
    storeId: body.store_id,
    deviceId: body.device_id,
    token: enrolled.token,
    seq: 1,
  };
}

/** POSTs a push; returns status and parsed JSON. */
export async function push(
  server: SyncServer,
  token: string,
  body: unknown,
): Promise<{
  status: number;
  json: Record<string, unknown> & {
    applied?: string[];
    skipped?: string[];
    rejected?: { mutation_id: string; code: string }[];
    error?: { code: string; message: string };
  };
}> {
  const response = await fetch(`${server.url}/v1/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as never };
}

let mutationCounter = 0;

/** A mutation from `device`, taking its next device_seq. */
export function mutation(
  device: TestDevice,
  table: string,
  op: 'insert' | 'update',
  rowId: string,
  columns: Record<string, WireValue>,
): PushMutation {
  mutationCounter++;
  return {
    mutation_id: `m-${device.deviceId}-${mutationCounter}-${randomBytes(3).toString('hex')}`,
    table,
    op,
    row_id: rowId,
    columns,
    device_seq: device.seq++,
  };
}

const NOW = '2026-03-01T12:00:00.000Z';

export function storeRow(id: string, code = 'LJ01'): Record<string, WireValue> {
  return { id, code, name: 'Loja Centro', created_at: NOW, updated_at: NOW };
}

export function productRow(id: string, name = 'Camisa'): Record<string, WireValue> {
  return { id, external_id: `SKU-${id}`, name, kind: 'goods', created_at: NOW, updated_at: NOW };
}

export function stockRow(id: string, storeId: string, qty = 1000): Record<string, WireValue> {
  return {
    id,
    variant_id: 'v1',
    store_id: storeId,
    qty_milli: qty,
    kind: 'receiving',
    occurred_at: NOW,
    created_at: NOW,
  };
}

/**
 * A central database of the engine with the central migrations applied up to `upTo`
 * (inclusive); closed after the file.
 */
export async function migratedCentral(engine: EngineName, upTo: string): Promise<Kysely<CentralDb>> {
  let db: Kysely<CentralDb>;
  if (engine === 'postgres') {
    db = new Kysely<CentralDb>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await freshPostgres(), max: 2 }) }),
    });
  } else {
    // A new cluster from the run's dump of one (initdb skipped), not yet migrated.
    const templateDir = centralTemplateDir();
    const pglite = await PGlite.create(templateDir ? { loadDataDir: await templateBlob(templateDir, 'empty') } : {});
    db = new Kysely<CentralDb>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
    dropped.push(() => pglite.close());
  }
  dropped.push(() => db.destroy());
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(centralMigrations) },
    migrationTableName: 'central_migrations',
    migrationLockTableName: 'central_migrations_lock',
  });
  const { error } = await migrator.migrateTo(upTo);
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return db;
}

/** Runs `fn` as the app role with no tenant set (what a forgotten SET LOCAL would see). */
export function asAppRoleWithoutTenant<T>(
  db: Kysely<CentralDb>,
  fn: (trx: Transaction<CentralDb>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql.raw(`SET LOCAL ROLE ${APP_ROLE}`).execute(trx);
    return fn(trx);
  });
}
