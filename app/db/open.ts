import BetterSqlite3 from 'better-sqlite3';
import { Migrator } from 'kysely';
import { deviceMigrations } from '../../migrations/device';
import { Db } from './db';
import { installRefCache } from './ref-cache';

export class MigrationMismatchError extends Error {
  override readonly name = 'MigrationMismatchError';
}

/**
 * Opens (creating if needed) a device database and brings it to the current schema.
 * synchronous=FULL: a power cut at the counter must not lose a committed sale.
 */
export async function openDatabase(path: string): Promise<Db> {
  const raw = new BetterSqlite3(path);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    const db = new Db(raw);
    await migrateToLatest(db);
    installRefCache(db);
    return db;
  } catch (error) {
    raw.close();
    throw error;
  }
}

export async function migrateToLatest(db: Db, migrations = deviceMigrations): Promise<string[]> {
  const migrator = new Migrator({
    db: db.q,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  await assertKnownPrefix(db, Object.keys(migrations).sort());
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).map((r) => r.migrationName);
}

/** A database written by another version (or tampered with) is refused, never "repaired". */
async function assertKnownPrefix(db: Db, known: string[]): Promise<void> {
  const hasTable = db.raw
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'")
    .get();
  if (!hasTable) return;
  const applied = (db.raw.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
  await Promise.resolve();
  applied.forEach((name, i) => {
    if (known[i] !== name) {
      throw new MigrationMismatchError(
        `Database migrations [${applied.join(', ')}] are not a prefix of the known migrations ` +
          `[${known.join(', ')}]: this file was written by another version of Balcão.`,
      );
    }
  });
}
