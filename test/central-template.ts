import { closeSync, existsSync, openAsBlob, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateCentral, openCentral } from '../sync-server/db/central';
import { PGlitePool } from '../sync-server/db/pglite-pool';
import type { CentralDb } from '../sync-server/db/schema';

/**
 * Test speed: a new PGlite cluster costs seconds of CPU (initdb in WebAssembly) and the central
 * migrations a few more; a Postgres database about two seconds of migrations. Built once per
 * vitest run, by the first test that needs them (a run of device tests only builds nothing; the
 * others wait for it), then every test server starts from a copy:
 * - `pglite-empty.tar`: `dumpDataDir()` of a new cluster (for tests that migrate up to one migration);
 * - `pglite-migrated.tar`: the same after every central migration;
 * - `postgres.json`: `{ "template": name }` of a migrated database on TEST_DATABASE_URL's server,
 *   copied with `CREATE DATABASE … TEMPLATE` (absent without TEST_DATABASE_URL).
 * `ready` (or `failed`, with the error) is written last. The server still runs `migrateCentral`
 * on the copy, so a stale template is brought up to date, never trusted blindly.
 */
export const CENTRAL_TEMPLATE_FILES = {
  empty: 'pglite-empty.tar',
  migrated: 'pglite-migrated.tar',
  postgres: 'postgres.json',
  ready: 'ready',
  failed: 'failed',
  building: 'building',
  postgresName: 'postgres-name',
} as const;

/** Builds the templates into `dir` (the Postgres template's name goes to `postgres-name` first). */
async function buildCentralTemplates(dir: string, adminUrl: string | undefined): Promise<void> {
  try {
    const pglite = await PGlite.create();
    await writeBlob(join(dir, CENTRAL_TEMPLATE_FILES.empty), await pglite.dumpDataDir('none'));
    const db = new Kysely<CentralDb>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
    await migrateCentral(db);
    await writeBlob(join(dir, CENTRAL_TEMPLATE_FILES.migrated), await pglite.dumpDataDir('none'));
    await db.destroy();
    await pglite.close();
    if (adminUrl) {
      const name = `balcao_template_${randomBytes(6).toString('hex')}`;
      writeFileSync(join(dir, CENTRAL_TEMPLATE_FILES.postgresName), name);
      await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const central = await openCentral({ databaseUrl: url.toString(), poolSize: 1 });
      await central.close();
      writeFileSync(join(dir, CENTRAL_TEMPLATE_FILES.postgres), JSON.stringify({ template: name }));
    }
    writeFileSync(join(dir, CENTRAL_TEMPLATE_FILES.ready), '');
  } catch (error) {
    writeFileSync(join(dir, CENTRAL_TEMPLATE_FILES.failed), String(error instanceof Error ? error.stack : error));
  }
}

/** Global teardown: drops the Postgres template if one was created in `dir`. */
export async function dropCentralTemplates(dir: string, adminUrl: string | undefined): Promise<void> {
  const path = join(dir, CENTRAL_TEMPLATE_FILES.postgresName);
  if (!adminUrl || !existsSync(path)) return;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${readFileSync(path, 'utf8')} WITH (FORCE)`);
}

async function writeBlob(path: string, blob: Blob): Promise<void> {
  writeFileSync(`${path}.part`, Buffer.from(await blob.arrayBuffer()));
  renameSync(`${path}.part`, path);
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Builds the templates in `dir` if no other test process has started to (an exclusive
 * `building` file holding the builder's pid elects one), else waits (up to 10 minutes) until
 * they are, taking the build over when the builder's process has died (killed mid-build, so
 * `ready` would never come); throws the build's error.
 */
export async function centralTemplatesReady(dir: string): Promise<void> {
  if (existsSync(join(dir, CENTRAL_TEMPLATE_FILES.ready))) return;
  for (let i = 0; i < 12_000; i++) {
    if (existsSync(join(dir, CENTRAL_TEMPLATE_FILES.ready))) return;
    const failed = join(dir, CENTRAL_TEMPLATE_FILES.failed);
    if (existsSync(failed)) throw new Error(`central test templates failed: ${readFileSync(failed, 'utf8')}`);
    if (i % 20 === 0 && claimTemplateBuild(dir)) {
      await buildCentralTemplates(dir, process.env.TEST_DATABASE_URL || undefined);
      continue;
    }
    await sleep(50);
  }
  throw new Error('central test templates not built after 10 minutes');
}

/**
 * True when this process is now the one to build the templates in `dir`: it created `building`
 * (exclusively, with its pid), or the pid written there is of a process that no longer exists
 * (`kill(pid, 0)` → ESRCH) and this process won the take-over (an exclusive
 * `building.takeover-<pid>` file, so one waiter takes over a dead builder, not all of them).
 */
export function claimTemplateBuild(dir: string): boolean {
  const building = join(dir, CENTRAL_TEMPLATE_FILES.building);
  try {
    writeFileSync(building, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(building, 'utf8'));
  // Empty while the builder is still writing its pid; our own pid when this process builds.
  if (!Number.isInteger(holder) || holder <= 0 || holder === process.pid || processExists(holder)) return false;
  try {
    closeSync(openSync(`${building}.takeover-${holder}`, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(building, String(process.pid));
  return true;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A template tarball as a Blob for PGlite's `loadDataDir`. */
export async function templateBlob(dir: string, which: 'empty' | 'migrated'): Promise<Blob> {
  await centralTemplatesReady(dir);
  return openAsBlob(join(dir, CENTRAL_TEMPLATE_FILES[which]));
}

/** The migrated Postgres template database's name, if one was built. */
export async function postgresTemplate(dir: string): Promise<string | undefined> {
  await centralTemplatesReady(dir);
  const path = join(dir, CENTRAL_TEMPLATE_FILES.postgres);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { template: string }).template : undefined;
}
