import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { writeCsv } from './csv.writer';
import type { PartPlan } from './csv.part';
import type { ExportColumn, SheetData } from './export.defs';

const opened: BetterSqlite3.Database[] = [];
afterEach(() => {
  for (const raw of opened.splice(0)) raw.close();
});

/** 8 blocks of 1,000 generated rows ('L<i>'), as blocks (`parts`) or as one scan of the same rows. */
function sheet(blocks: boolean): SheetData {
  const path = join(tempDir(), 'rows.sqlite3');
  const raw = new BetterSqlite3(path);
  opened.push(raw);
  raw.exec(`CREATE TABLE stores (id TEXT, timezone TEXT);
    CREATE TABLE analytics_tz_offsets (zone TEXT, from_utc TEXT, offset_minutes INTEGER)`);
  const columns: ExportColumn[] = [{ header: 'Linha', kind: 'text', width: 10 }];
  const plan: PartPlan = {
    path,
    sql: `WITH RECURSIVE n(i) AS (SELECT CAST(:lo AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :hi) SELECT 'L' || i FROM n`,
    params: Array.from({ length: 8 }, (_, k) => ({ lo: k * 1000, hi: (k + 1) * 1000 })),
    shape: { instants: [], storeLast: false, home: '', names: [], count: 8000 },
  };
  const rows = Array.from({ length: 8000 }, (_, i) => [`L${i}`]);
  return { sheet: 'Linhas', columns, count: 8000, rows, parts: blocks ? { plan, raw } : undefined };
}

describe('writeCsv when the file cannot be written', () => {
  // Without the stream's error kept, the writer yielding between blocks met it as an uncaught
  // exception (a crash) and then waited forever for a 'close' already emitted.
  it('rejects with the stream error when the file cannot be opened (blocks and one scan)', async () => {
    for (const blocks of [true, false]) {
      const out = join(tempDir(), 'no-such-folder', 'vendas.csv');
      await expect(writeCsv(out, sheet(blocks), undefined, undefined, undefined, 1e9)).rejects.toMatchObject({
        code: 'ENOENT',
      });
    }
  }, 5_000);

  it.runIf(existsSync('/dev/full'))(
    'rejects with ENOSPC on a full disk: blocks by the writer alone, with the part worker, one scan',
    async () => {
      for (const [blocks, parallelFrom] of [
        [true, 1e9],
        [true, 0],
        [false, 1e9],
      ] as const)
        await expect(
          writeCsv('/dev/full', sheet(blocks), undefined, undefined, undefined, parallelFrom),
        ).rejects.toMatchObject({ code: 'ENOSPC' });
    },
    5_000,
  );
});
