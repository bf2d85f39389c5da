import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '../log';
import { writeBlocks } from './csv.parallel';
import { ExportCancelled } from './xlsx.writer';
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
      await expect(writeCsv(out, sheet(blocks), undefined, undefined, undefined, () => false)).rejects.toMatchObject({
        code: 'ENOENT',
      });
    }
  }, 5_000);

  it.runIf(existsSync('/dev/full'))(
    'rejects with ENOSPC on a full disk: blocks by the writer alone, with the part worker, one scan',
    async () => {
      for (const [blocks, parallel] of [
        [true, false],
        [true, true],
        [false, false],
      ] as const)
        await expect(
          writeCsv('/dev/full', sheet(blocks), undefined, undefined, undefined, () => parallel),
        ).rejects.toMatchObject({ code: 'ENOSPC' });
    },
    5_000,
  );
});

describe('writeBlocks when the part worker fails inside a block it claimed', () => {
  it('the writer makes that block itself: every row once, in order, none by the worker', async () => {
    // The same SQL on two files: the worker's file holds a value json() refuses, so the worker
    // fails on the first block it claims, after claiming it; the writer's file is sound.
    const dir = tempDir();
    const files = { writer: join(dir, 'writer.sqlite3'), worker: join(dir, 'worker.sqlite3') };
    for (const [who, file] of Object.entries(files)) {
      const db = new BetterSqlite3(file);
      db.exec(`CREATE TABLE stores (id TEXT, timezone TEXT);
        CREATE TABLE analytics_tz_offsets (zone TEXT, from_utc TEXT, offset_minutes INTEGER);
        CREATE TABLE j (v TEXT); INSERT INTO j VALUES ('${who === 'writer' ? '{}' : 'not json'}')`);
      db.close();
    }
    const raw = new BetterSqlite3(files.writer, { readonly: true });
    opened.push(raw);
    const plan: PartPlan = {
      path: files.worker,
      sql: `WITH RECURSIVE n(i) AS (SELECT CAST(:lo AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :hi)
        SELECT 'L' || i FROM n WHERE (SELECT json(v) FROM j) IS NOT NULL`,
      params: Array.from({ length: 6 }, (_, k) => ({ lo: k * 100, hi: (k + 1) * 100 })),
      shape: { instants: [], storeLast: false, home: '', names: [], count: 600 },
    };
    let failed = (): void => undefined;
    const workerFailed = new Promise<void>((resolve) => (failed = resolve));
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => failed());
    const written: Buffer[] = [];
    const by: [number, boolean][] = [];
    try {
      const done = await writeBlocks(
        { plan, raw },
        [{ header: 'Linha', kind: 'text', width: 10 }],
        { delimiter: ';', encoding: 'utf8' },
        async (bytes) => {
          written.push(Buffer.from(bytes));
          await workerFailed; // block 0 (the writer's) waits until the worker has claimed one and failed
        },
        { onRows: () => undefined, shouldStop: () => false, parallel: true, made: (b, w) => void by.push([b, w]) },
      );
      expect(done.rows).toBe(600);
      expect(warn).toHaveBeenCalledWith('csv part worker failed; its blocks are made by the writer', expect.anything());
    } finally {
      warn.mockRestore();
    }
    expect(by.filter(([, byWorker]) => byWorker)).toEqual([]);
    expect(by.map(([b]) => b).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Buffer.concat(written).toString('utf8')).toBe(Array.from({ length: 600 }, (_, i) => `L${i}\r\n`).join(''));
  }, 10_000);
});

describe('writeBlocks cancelled while it waits for the part worker', () => {
  it('stops without waiting for the block the worker is making (ExportCancelled; that block never written)', async () => {
    // Blocks 0–3 of the same SQL: 100 rows each on the writer's file; on the worker's, block 1
    // has 100 and blocks 2 and 3 have 3,000,000 (seconds of work). The writer holds block 0
    // until the worker has made block 1 and reads its next block (a huge one), then makes the
    // last block and waits for the worker's: the cancellation asked then must not wait for it.
    const dir = tempDir();
    const files = { writer: join(dir, 'writer.sqlite3'), worker: join(dir, 'worker.sqlite3') };
    for (const [who, file] of Object.entries(files)) {
      const db = new BetterSqlite3(file);
      const huge = who === 'worker' ? 3_000_000 : 100;
      db.exec(`CREATE TABLE stores (id TEXT, timezone TEXT);
        CREATE TABLE analytics_tz_offsets (zone TEXT, from_utc TEXT, offset_minutes INTEGER);
        CREATE TABLE j (block INTEGER, size INTEGER); INSERT INTO j VALUES (0, 100), (1, 100), (2, ${huge}), (3, ${huge})`);
      db.close();
    }
    const raw = new BetterSqlite3(files.writer, { readonly: true });
    opened.push(raw);
    const plan: PartPlan = {
      path: files.worker,
      sql: `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < (SELECT size FROM j WHERE block = :block))
        SELECT 'B' || :block || '-' || i FROM n`,
      params: [0, 1, 2, 3].map((block) => ({ block })),
      shape: { instants: [], storeLast: false, home: '', names: [], count: 400 },
    };
    // A reader's SHARED lock on the worker's file (rollback journal): EXCLUSIVE is then refused.
    const probe = new BetterSqlite3(files.worker, { timeout: 0 });
    opened.push(probe);
    const readingNow = (): boolean => {
      try {
        probe.exec('BEGIN EXCLUSIVE; COMMIT');
        return false;
      } catch {
        if (probe.inTransaction) probe.exec('ROLLBACK');
        return true;
      }
    };
    const by: [number, boolean][] = [];
    let workerMadeOne = (): void => undefined;
    const one = new Promise<void>((resolve) => (workerMadeOne = resolve));
    const writerDone = () => by.some(([b, w]) => b >= 2 && !w);
    let afterWriterDone = 0;
    let writes = 0;
    const run = writeBlocks(
      { plan, raw },
      [{ header: 'Linha', kind: 'text', width: 10 }],
      { delimiter: ';', encoding: 'utf8' },
      async () => {
        // Block 0 goes out once the worker has made block 1 and is reading its next (huge) block.
        if (writes++ > 0) return;
        await one;
        while (!readingNow()) await new Promise((resolve) => setTimeout(resolve, 5));
      },
      {
        onRows: () => undefined,
        // Asked once more before the writer claims nothing and waits; the next question stops.
        shouldStop: () => writerDone() && ++afterWriterDone >= 2,
        parallel: true,
        made: (b, w) => {
          by.push([b, w]);
          if (w) workerMadeOne();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(by.filter(([b]) => b >= 2)).toHaveLength(1); // the writer's; the worker's huge one never came
    expect(by).toContainEqual([1, true]);
  }, 20_000);
});
