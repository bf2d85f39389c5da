import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { dataDir as userDataDir } from '../../app/paths';
import { centralMigrations } from '../../migrations/central';
import { APP_ROLE } from '../../migrations/central/run-sql';
import type { CentralDb } from './schema';
import { PGlitePool } from './pglite-pool';

export type Engine = 'pglite' | 'postgres';

export interface Central {
  db: Kysely<CentralDb>;
  engine: Engine;
  close(): Promise<void>;
  /**
   * LISTEN on `channel`: `onNotify(payload)` for every NOTIFY committed on it. Postgres uses one
   * dedicated connection (reconnected after an error); PGlite its own listener. Resolves to the
   * function that stops listening.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

export interface OpenCentralOptions {
  /** A Postgres URL; when absent, embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway database. */
  dataDir?: string | undefined;
  /** node-postgres pool size (Postgres only). */
  poolSize?: number;
  /**
   * PGlite only: start from this `dumpDataDir()` tarball instead of an empty cluster (tests
   * start from one migrated dump instead of running initdb and every migration each time).
   */
  loadDataDir?: Blob | undefined;
}

/** `SYNC_DATA_DIR`, else `<user data>/sync-server` (next to the desktop's own folder). */
export function defaultSyncDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SYNC_DATA_DIR || join(userDataDir(env), 'sync-server');
}

// BIGINT as a JS number: counters and centavos stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/**
 * Opens the central database and applies the central migrations (`migrations/central/`, table
 * `central_migrations`). Postgres through a node-postgres pool when `databaseUrl` is given, else
 * embedded PGlite; kysely's PostgresDialect over both, so every statement is the same SQL.
 */
export async function openCentral(options: OpenCentralOptions = {}): Promise<Central> {
  let db: Kysely<CentralDb>;
  let engine: Engine;
  let listener: Central['listen'];
  if (options.databaseUrl) {
    engine = 'postgres';
    listener = listenPostgres(options.databaseUrl);
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server (restart, failover) is discarded by the pool;
    // without a listener node-postgres would crash the process with it.
    pool.on('error', () => undefined);
    db = new Kysely<CentralDb>({ dialect: new PostgresDialect({ pool }) });
  } else {
    engine = 'pglite';
    const dir = options.dataDir ?? defaultSyncDataDir();
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
    const pglite = await PGlite.create(dir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    const pool = new PGlitePool(pglite);
    // PGlite is one connection: LISTEN through the pool's queue so it never lands mid-transaction.
    listener = async (channel, onNotify) => {
      const queued = <T>(fn: () => Promise<T>) =>
        pool.connect().then(async (client) => {
          try {
            return await fn();
          } finally {
            client.release();
          }
        });
      const unlisten = await queued(() => pglite.listen(channel, onNotify));
      return () => queued(unlisten);
    };
    db = new Kysely<CentralDb>({ dialect: new PostgresDialect({ pool }) });
    const destroy = db.destroy.bind(db);
    db.destroy = async () => {
      await destroy();
      await pglite.close();
    };
  }
  try {
    await migrateCentral(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine, close: () => db.destroy(), listen: listener };
}

function listenPostgres(url: string): NonNullable<Central['listen']> {
  return async (channel, onNotify) => {
    let client: pg.Client | null = null;
    let stopped = false;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: url });
      next.on('notification', (message) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      });
      next.on('error', () => {
        void next.end().catch(() => undefined);
        if (!stopped) setTimeout(() => void connect().catch(() => undefined), 1000).unref();
      });
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
    };
    await connect();
    return async () => {
      stopped = true;
      await client?.end().catch(() => undefined);
    };
  };
}

/** Applies every pending central migration; throws if one fails. */
export async function migrateCentral(db: Kysely<CentralDb>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(centralMigrations) },
    migrationTableName: 'central_migrations',
    migrationLockTableName: 'central_migrations_lock',
    // Numbers are handed out per issue, so a lower one may land after a higher one ran.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `central migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
}

/**
 * Runs `fn` in one transaction as the tenant: `app.tenant_id` and the role `balcao_sync_app`
 * are set LOCAL to the transaction, so row-level security confines every statement to that
 * tenant and both reset at commit or rollback.
 */
export function withTenant<T>(
  db: Kysely<CentralDb>,
  tenantId: string,
  fn: (trx: Transaction<CentralDb>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`.execute(
      trx,
    );
    return fn(trx);
  });
}
