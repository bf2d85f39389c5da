import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../app/db/open';

/**
 * Test speed: running every device migration on a new file costs about a second (two dozen
 * fsync'd transactions), a file copy a few milliseconds. Tests that only need "a migrated,
 * empty device database" start from a copy of one migrated template (built once per vitest run
 * in test/global-setup.ts, else once per test file) instead of migrating each time.
 * `openDatabase` still runs on the copy, so a template that is behind the migrations is brought
 * up to date, and the migrations themselves stay tested by migrations/device/*.test.ts and
 * app/db/open.test.ts. test/device-template.test.ts checks a copy equals a fresh database.
 */
export async function buildDeviceTemplate(dir = mkdtempSync(join(tmpdir(), 'balcao-template-'))): Promise<string> {
  const path = join(dir, 'device-template.sqlite3');
  const db = await openDatabase(path);
  // Closing checkpoints the WAL into the main file and removes it: one file to copy.
  db.close();
  return path;
}

/**
 * Copies the template to `path` (a file that must not exist yet) and gives the copy the
 * identity a fresh migration would: a new random audit chain id (migration 0020). A migration
 * that writes another random or per-database value must be re-rolled here too; the template
 * test fails until it is.
 */
export function copyDeviceTemplate(template: string, path: string): void {
  copyFileSync(template, path);
  const raw = new BetterSqlite3(path);
  try {
    // A throwaway test copy: no fsync (the database opened on it afterwards uses FULL).
    raw.pragma('synchronous = OFF');
    raw.prepare('UPDATE audit_chain SET chain_id = lower(hex(randomblob(16))) WHERE id = 1').run();
  } finally {
    raw.close();
  }
}
