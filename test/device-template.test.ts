import { describe, expect, it } from 'vitest';
import { openDatabase } from '../app/db/open';
import { dumpContent, migratedDbPath, tempDbPath } from './helpers';

/** What differs between two freshly migrated databases by design: when, and the random chain id. */
function comparable(content: Record<string, unknown[]>): Record<string, unknown[]> {
  const { kysely_migration, audit_chain, ...rest } = content;
  return {
    ...rest,
    kysely_migration: (kysely_migration ?? []).map((r) => (JSON.parse(r as string) as { name: string }).name),
    audit_chain: (audit_chain ?? []).map((r) => Object.keys(JSON.parse(r as string) as object)),
  };
}

function schema(db: Awaited<ReturnType<typeof openDatabase>>): unknown[] {
  return db.raw.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
}

describe('device template (test speed)', () => {
  it('a copy of the template equals a freshly migrated database, with its own audit chain id', async () => {
    const fresh = await openDatabase(tempDbPath());
    const first = await openDatabase(await migratedDbPath());
    const second = await openDatabase(await migratedDbPath());
    try {
      expect(schema(first)).toEqual(schema(fresh));
      expect(comparable(dumpContent(first))).toEqual(comparable(dumpContent(fresh)));
      const chain = (db: typeof fresh) => db.raw.prepare('SELECT chain_id FROM audit_chain').pluck().all();
      expect(chain(first)).toHaveLength(1);
      expect(new Set([...chain(fresh), ...chain(first), ...chain(second)]).size).toBe(3);
    } finally {
      fresh.close();
      first.close();
      second.close();
    }
  });
});
