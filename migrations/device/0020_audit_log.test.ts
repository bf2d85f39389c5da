import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0020_audit_log', () => {
  it('creates an append-only audit_log, unique per (chain, seq), and a random chain id', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    const chain = raw.prepare('SELECT chain_id FROM audit_chain').all() as { chain_id: string }[];
    expect(chain).toHaveLength(1);
    expect(chain[0]!.chain_id).toMatch(/^[0-9a-f]{32}$/);
    const insert = raw.prepare(`INSERT INTO audit_log (id, chain_id, seq, occurred_at, operation, kind, prev_hash, hash)
      VALUES (?, 'c', ?, 'x', 'op', ?, 'p', 'h')`);
    insert.run('a1', 1, 'write');
    expect(() => insert.run('a2', 1, 'write')).toThrow(/UNIQUE/);
    expect(() => insert.run('a3', 0, 'write')).toThrow(/CHECK/);
    expect(() => insert.run('a4', 2, 'delete')).toThrow(/CHECK/);
    expect(() => raw.exec(`UPDATE audit_log SET operation = 'x'`)).toThrow(/append-only/);
    expect(() => raw.exec(`DELETE FROM audit_log`)).toThrow(/append-only/);
    expect(raw.prepare('SELECT changes FROM audit_log').get()).toEqual({ changes: '[]' });
  });
});
