import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { writeBlocks } from './csv.parallel';
import type { PartPlan } from './csv.part';
import { blockParams } from './export.sweep';
import type { ExportColumn } from './export.defs';

describe('blocks cut on instants (blockParams + writeBlocks)', () => {
  it('rows at the very instant of a block bound, several with the same instant, come once and in order', async () => {
    const path = join(tempDir(), 'bounds.sqlite3');
    const raw = new BetterSqlite3(path);
    raw.exec(`CREATE TABLE stores (id TEXT, timezone TEXT);
      CREATE TABLE analytics_tz_offsets (zone TEXT, from_utc TEXT, offset_minutes INTEGER);
      CREATE TABLE t (occurred_at TEXT NOT NULL, id TEXT NOT NULL)`);
    const base = { from_utc: '2026-10-01T00:00:00.000Z', to_utc: '2026-10-05T00:00:00.000Z' };
    const params = blockParams(base, { lo: 'from_utc', hi: 'to_utc' }, 4, 1); // 4 blocks of a day
    const bounds = params.map((p) => p.from_utc as string);
    expect(bounds).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-10-02T00:00:00.000Z',
      '2026-10-03T00:00:00.000Z',
      '2026-10-04T00:00:00.000Z',
    ]);
    // Three sales on each inner bound (ids out of order), one a millisecond before it, the ends.
    const rows: [string, string][] = [
      ['2026-10-01T00:00:00.000Z', 'a'],
      ['2026-10-04T23:59:59.999Z', 'z'],
      ['2026-10-05T00:00:00.000Z', 'out'], // the end is exclusive
    ];
    for (const bound of bounds.slice(1)) {
      const before = new Date(Date.parse(bound) - 1).toISOString();
      rows.push([before, 'm'], [bound, 'c'], [bound, 'a'], [bound, 'b']);
    }
    const insert = raw.prepare('INSERT INTO t VALUES (?, ?)');
    for (const r of rows) insert.run(r);
    const sql =
      'SELECT occurred_at, id FROM t WHERE occurred_at >= :from_utc AND occurred_at < :to_utc ORDER BY occurred_at, id';
    const plan: PartPlan = {
      path,
      sql,
      params,
      shape: { instants: [], storeLast: false, home: '', names: [], count: 0 },
    };
    const columns: ExportColumn[] = [
      { header: 'Quando', kind: 'text', width: 24 },
      { header: 'Id', kind: 'text', width: 4 },
    ];
    const written: Buffer[] = [];
    const done = await writeBlocks(
      { plan, raw },
      columns,
      { delimiter: ';', encoding: 'utf8' },
      (bytes) => {
        written.push(Buffer.from(bytes));
        return Promise.resolve();
      },
      { onRows: () => undefined, shouldStop: () => false, parallel: false },
    );
    const one = (raw.prepare(sql).raw(true).all(base) as string[][]).map((r) => `${r.join(';')}\r\n`).join('');
    raw.close();
    expect(done.rows).toBe(rows.length - 1);
    expect(Buffer.concat(written).toString('utf8')).toBe(one);
    expect(one.split('\r\n').slice(1, 5)).toEqual([
      '2026-10-01T23:59:59.999Z;m',
      '2026-10-02T00:00:00.000Z;a',
      '2026-10-02T00:00:00.000Z;b',
      '2026-10-02T00:00:00.000Z;c',
    ]);
  });
});
