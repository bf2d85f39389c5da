import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Db } from '../../app/db/db';
import { migrateToLatest } from '../../app/db/open';
import { deviceMigrations } from './index';

describe('0016_leads', () => {
  it('creates leads with the funnel stages, a 0..100 score, and history, activities and config tables', async () => {
    const raw = new BetterSqlite3(':memory:');
    await migrateToLatest(new Db(raw), deviceMigrations);
    raw.exec(`INSERT INTO leads (id, name, origin, created_at, updated_at) VALUES ('l1', 'Ana', 'site', 'x', 'x')`);
    expect(raw.prepare(`SELECT stage, tags, bant_score, bant_answers FROM leads`).get()).toEqual({
      stage: 'novo',
      tags: '[]',
      bant_score: 0,
      bant_answers: '{}',
    });
    expect(() => raw.exec(`UPDATE leads SET stage = 'ganho'`)).toThrow(/CHECK/);
    expect(() => raw.exec(`UPDATE leads SET bant_score = 101`)).toThrow(/CHECK/);
    expect(() =>
      raw.exec(
        `INSERT INTO lead_activities (id, lead_id, kind, body, created_at, updated_at) VALUES ('a', 'l1', 'email', 'x', 'x', 'x')`,
      ),
    ).toThrow(/CHECK/);
    expect(() =>
      raw.exec(`INSERT INTO lead_config (id, value, created_at, updated_at) VALUES ('x', '{}', 'x', 'x')`),
    ).toThrow(/CHECK/);
    raw.exec(
      `INSERT INTO lead_stage_changes (id, lead_id, from_stage, to_stage, kind, occurred_at, created_at) VALUES ('h', 'l1', 'novo', 'perdido', 'move', 'x', 'x')`,
    );
    expect(raw.prepare(`SELECT count(*) AS n FROM lead_stage_changes`).get()).toEqual({ n: 1 });
  });
});
