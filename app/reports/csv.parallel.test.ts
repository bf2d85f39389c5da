import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { openFixtureStore } from '../analytics/analytics.fixture';
import { ledgerParams } from '../analytics/ledger';
import { newSession } from '../contract/context';
import { Db } from '../db/db';
import { writeCsv, type CsvOptions } from './csv.writer';
import { startPartWorker, writeBlocks } from './csv.parallel';
import { BLOCK_CAP, type PartBlock, type PartPlan } from './csv.part';
import { exportSheet, type ExportColumn, type SheetData } from './export.defs';
import { blockParams } from './export.sweep';
import { ExportCancelled } from './xlsx.writer';
import { generateReport } from './reports.service';

const FROM = '2026-10-01';
const TO = '2026-10-31';
/** The part worker shares every blocks export here, whatever the machine's load (`worthParallel`). */
const always = () => true;

let made: Promise<string> | null = null;

/** The analytics fixture (two stores in two zones) with accents and a delimiter in customers' names; made once. */
function fixture(): Promise<string> {
  made ??= makeFixture();
  return made;
}

afterAll(() => {
  if (kept) rmSync(kept, { recursive: true, force: true });
});
let kept = '';

async function makeFixture(): Promise<string> {
  kept = mkdtempSync(join(tmpdir(), 'csv-parallel-')); // kept for the whole file (tempDir is per test)
  const path = join(kept, 'balcao.sqlite3');
  const { app, session } = await openFixtureStore(path);
  for (const [external_id, name] of [
    ['C01', 'José Conceição Ação'],
    ['C02', 'Ana; "a Bela"'],
  ] as const) {
    const r = app.dispatch(
      'sales.apply',
      { action: 'update_customer_data', transaction_data: { external_id, name } },
      session,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  app.close();
  return path;
}

/** vendas of October on a read-only connection, its blocks `perBlock` rows each (fractions: more blocks than rows). */
function vendas(path: string, perBlock: number): { sheet: SheetData; raw: BetterSqlite3.Database } {
  const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  const ctx = { db: new Db(raw), session: newSession(true), clock: { now: () => new Date() } };
  const sheet = exportSheet(ctx, 'vendas', { from: FROM, to: TO });
  const plan = sheet.parts?.plan;
  if (!plan) throw new Error('vendas has no blocks');
  plan.params = blockParams(ledgerParams(FROM, TO), { lo: 'from_utc', hi: 'to_utc' }, sheet.count, perBlock);
  return { sheet, raw };
}

/** The file as one scan of `rows` writes it (no blocks) and as blocks shared with a part worker. */
async function both(path: string, options: CsvOptions): Promise<[Buffer, Buffer, SheetData]> {
  const dir = tempDir();
  const one = vendas(path, 1);
  await writeCsv(join(dir, 'one.csv'), { ...one.sheet, parts: undefined }, options);
  one.raw.close();
  const parts = vendas(path, 0.05);
  await writeCsv(join(dir, 'parts.csv'), parts.sheet, options, undefined, undefined, always);
  parts.raw.close();
  return [readFileSync(join(dir, 'one.csv')), readFileSync(join(dir, 'parts.csv')), parts.sheet];
}

describe('CSV export in blocks with a part worker (csv.parallel.ts)', () => {
  it('writes exactly the bytes of one scan, with ";" and decimal comma and with "," and decimal point', async () => {
    const path = await fixture();
    for (const delimiter of [';', ','] as const) {
      const [one, parts, sheet] = await both(path, { delimiter, encoding: 'utf8' });
      expect(sheet.parts?.plan.params.length).toBeGreaterThan(100); // many blocks, most of them empty
      expect(parts.equals(one)).toBe(true);
      // Windows-1252 blocks (made by the writer): the same bytes as its one scan, é as 0xE9.
      const [oneWin, partsWin] = await both(path, { delimiter, encoding: 'win1252' });
      expect(partsWin.equals(oneWin)).toBe(true);
      expect(partsWin.includes(Buffer.from('José Conceição Ação', 'latin1'))).toBe(true);
      const text = parts.toString('utf8');
      expect(text.startsWith('\uFEFFNúmero')).toBe(true);
      expect(text).toContain(delimiter === ';' ? ';José Conceição Ação;' : ',José Conceição Ação,');
      expect(text).toContain(delimiter === ';' ? ';"Ana; ""a Bela""";' : ',"Ana; ""a Bela""",');
      expect(text.split('\r\n').filter((l) => l.startsWith('Total')).length).toBe(1);
      expect(text.split('\r\n').length).toBe(sheet.count + 3); // header, rows, Total, the last CRLF
    }
  });

  it('the part worker alone makes every block: the same lines as one scan, blocks in order', async () => {
    const path = await fixture();
    const options: CsvOptions = { delimiter: ';', encoding: 'utf8' };
    const [one] = await both(path, options);
    const { sheet, raw } = vendas(path, 0.05);
    raw.close();
    const plan = sheet.parts?.plan;
    if (!plan) throw new Error('vendas has no blocks');
    const control = new Int32Array(new SharedArrayBuffer(8));
    const worker = startPartWorker({ plan, columns: sheet.columns, options, control });
    if (!worker) throw new Error('no part worker');
    const made: PartBlock[] = [];
    worker.on('message', (m: { type: string } & PartBlock) => void (m.type === 'block' && made.push(m)));
    await once(worker, 'exit');
    expect(made.map((b) => b.block)).toEqual(plan.params.map((_, i) => i));
    const lines = Buffer.concat(made.map((b) => Buffer.from(b.bytes))).toString('utf8');
    const all = one.toString('utf8').split('\r\n');
    expect(lines).toBe(`${all.slice(1, -2).join('\r\n')}\r\n`); // without the header and the Total line
    expect(made.reduce((n, b) => n + b.rows, 0)).toBe(sheet.count);
    // The Total line's five money columns are the blocks' sums.
    const sums = made.reduce((t, b) => t.map((v, i) => v + (b.totals[i] as number)), new Array<number>(12).fill(0));
    expect(sums[9]).toBeGreaterThan(0);
    expect(all.at(-2)?.split(';').slice(7)).toEqual(sums.slice(7).map((c) => (c / 100).toFixed(2).replace('.', ',')));
  });

  it('writes blocks in order whoever made them: some by the worker, some by the writer, finished out of order', async () => {
    // 24 blocks of 1,000 generated rows each ('L<i>';<i × 7 centavos>), every block distinct.
    const path = await fixture();
    const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const columns: ExportColumn[] = [
      { header: 'Linha', kind: 'text', width: 10 },
      { header: 'Valor', kind: 'money', width: 10, total: true },
    ];
    const plan: PartPlan = {
      path,
      sql: `WITH RECURSIVE n(i) AS (SELECT CAST(:lo AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :hi) SELECT 'L' || i, i * 7 FROM n`,
      params: Array.from({ length: 24 }, (_, k) => ({ lo: k * 1000, hi: (k + 1) * 1000 })),
      shape: { instants: [], storeLast: false, home: '', names: [], count: 24_000 },
    };
    const by = new Map<number, boolean>();
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const workerRan = () => [...by.values()].includes(true);
    const written: Buffer[] = [];
    const options: CsvOptions = { delimiter: ';', encoding: 'utf8' };
    const write = async (bytes: Uint8Array) => {
      written.push(Buffer.from(bytes));
      // The writer goes slowly (letting the worker's messages in) until the worker has finished a block…
      if (!workerRan()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const done = await writeBlocks({ plan, raw }, columns, options, write, {
      onRows: () => undefined,
      shouldStop: () => false,
      parallel: true,
      // …and then waits a little after each block it makes, so the block the worker claimed
      // before it is finished after it: that one must still be written first.
      made: (block, byWorker) => {
        if (!byWorker && workerRan()) Atomics.wait(pause, 0, 0, 15);
        by.set(block, byWorker);
      },
    });
    raw.close();
    expect(by.size).toBe(24);
    expect([...by.values()].filter(Boolean).length).toBeGreaterThan(0);
    expect([...by.values()].filter((w) => !w).length).toBeGreaterThan(0);
    expect(done.rows).toBe(24_000);
    expect(done.totals).toEqual([0, (7 * 23_999 * 24_000) / 2]);
    const lines = Array.from(
      { length: 24_000 },
      (_, i) => `L${i};${Math.floor((i * 7) / 100)},${String((i * 7) % 100).padStart(2, '0')}\r\n`,
    );
    expect(Buffer.concat(written).toString('utf8')).toBe(lines.join(''));
  });

  it('a block with more rows than BLOCK_CAP (read at once up to it) is iterated: every row, in order', async () => {
    const path = await fixture();
    const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const columns: ExportColumn[] = [{ header: 'Linha', kind: 'text', width: 10 }];
    const sizes = [3, BLOCK_CAP + 5, BLOCK_CAP];
    const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
    const plan: PartPlan = {
      path,
      sql: `WITH RECURSIVE n(i) AS (SELECT CAST(:lo AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :hi) SELECT 'L' || i FROM n`,
      params: sizes.map((size, k) => ({ lo: starts[k], hi: (starts[k] as number) + size })),
      shape: { instants: [], storeLast: false, home: '', names: [], count: 0 },
    };
    const written: Buffer[] = [];
    const options: CsvOptions = { delimiter: ';', encoding: 'utf8' };
    const write = (bytes: Uint8Array) => {
      written.push(Buffer.from(bytes));
      return Promise.resolve();
    };
    const hooks = { onRows: () => undefined, shouldStop: () => false, parallel: false };
    const done = await writeBlocks({ plan, raw }, columns, options, write, hooks);
    raw.close();
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(done.rows).toBe(total);
    const text = Buffer.concat(written).toString('utf8');
    expect(text).toBe(Array.from({ length: total }, (_, i) => `L${i}\r\n`).join(''));
  });

  it("reads the writer's blocks in one snapshot: a row committed meanwhile into a later block is not in the file", async () => {
    const path = join(tempDir(), 'snap.sqlite3');
    const setup = new BetterSqlite3(path);
    setup.pragma('journal_mode = WAL');
    setup.exec(`CREATE TABLE t (x INTEGER NOT NULL); INSERT INTO t VALUES (1), (2), (11), (12);
      CREATE TABLE stores (id TEXT, timezone TEXT); CREATE TABLE analytics_tz_offsets (zone TEXT, from_utc TEXT, offset_minutes INTEGER)`);
    setup.close();
    const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const other = new BetterSqlite3(path);
    const plan: PartPlan = {
      path,
      sql: 'SELECT x FROM t WHERE x >= :lo AND x < :hi ORDER BY x',
      params: [
        { lo: 0, hi: 10 },
        { lo: 10, hi: 20 },
      ],
      shape: { instants: [], storeLast: false, home: '', names: [], count: 4 },
    };
    const written: string[] = [];
    const write = (bytes: Uint8Array) => {
      written.push(Buffer.from(bytes).toString('utf8'));
      other.prepare('INSERT INTO t VALUES (15)').run(); // after the first block is out
      return Promise.resolve();
    };
    const hooks = { onRows: () => undefined, shouldStop: () => false, parallel: false };
    const columns: ExportColumn[] = [{ header: 'X', kind: 'int', width: 5 }];
    await writeBlocks({ plan, raw }, columns, { delimiter: ';', encoding: 'utf8' }, write, hooks);
    expect(written.join('')).toBe('1\r\n2\r\n11\r\n12\r\n');
    expect(raw.inTransaction).toBe(false);
    expect((raw.prepare('SELECT count(*) FROM t WHERE x = 15').pluck().get() as number) > 0).toBe(true);
    raw.close();
    other.close();
  });

  it.each([
    ['cannot open the database', (plan: PartPlan) => (plan.path = join(tempDir(), 'missing.sqlite3'))],
    // A function in workerData makes `new Worker` throw DataCloneError at once.
    ['cannot even be created', (plan: PartPlan) => Object.assign(plan, { uncloneable: () => undefined })],
  ])('a part worker that %s leaves every block to the writer: the same bytes', async (_, spoil) => {
    const path = await fixture();
    const options: CsvOptions = { delimiter: ';', encoding: 'utf8' };
    const [one] = await both(path, options);
    const { sheet, raw } = vendas(path, 0.05);
    const plan = sheet.parts?.plan;
    if (!plan) throw new Error('vendas has no blocks');
    spoil(plan);
    const out = join(tempDir(), 'fallback.csv');
    await writeCsv(out, sheet, options, undefined, undefined, always);
    raw.close();
    expect(readFileSync(out).equals(one)).toBe(true);
  });

  it('stops when asked while the worker runs (ExportCancelled), leaving no worker behind', async () => {
    const path = await fixture();
    const { sheet, raw } = vendas(path, 0.05);
    let asked = 0;
    const out = join(tempDir(), 'stopped.csv');
    const run = writeCsv(out, sheet, { delimiter: ';', encoding: 'utf8' }, undefined, () => ++asked > 3, always);
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    raw.close();
    expect(asked).toBe(4);
  });
});

describe('generateReport of vendas CSV in blocks', () => {
  it('cancelled while writing blocks: no file under the chosen name, no partial file left', async () => {
    const path = await fixture();
    const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const ctx = { db: new Db(raw), session: newSession(true), clock: { now: () => new Date() } };
    const dir = tempDir();
    const out = join(dir, 'vendas.csv');
    const spec = { kind: 'export', what: 'vendas', from: FROM, to: TO, format: 'csv' } as const;
    let asked = 0;
    // The first question is before anything is read; the second, in the blocks' loop, stops.
    await expect(generateReport(ctx, spec, out, { shouldStop: () => ++asked > 1 })).rejects.toBeInstanceOf(
      ExportCancelled,
    );
    expect(asked).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const done = await generateReport(ctx, spec, out);
    raw.close();
    expect(readdirSync(dir)).toEqual(['vendas.csv']);
    expect(readFileSync(out).toString('utf8')).toContain('José Conceição Ação');
    expect(done.rows).toBeGreaterThan(0);
  });
});

describe('blockParams', () => {
  it('cuts [lo, hi) into equal spans written as instants, the ends exactly as given', () => {
    const base = { from: '2026-10-01', from_utc: '2026-09-30T00:00:00.000Z', to_utc: '2026-10-03T00:00:00.000Z' };
    const range = { lo: 'from_utc', hi: 'to_utc' };
    const blocks = blockParams(base, range, 12_000, 4_000);
    expect(blocks.map((b) => [b.from_utc, b.to_utc])).toEqual([
      ['2026-09-30T00:00:00.000Z', '2026-10-01T00:00:00.000Z'],
      ['2026-10-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z'],
      ['2026-10-02T00:00:00.000Z', '2026-10-03T00:00:00.000Z'],
    ]);
    expect(blocks.every((b) => b.from === '2026-10-01')).toBe(true);
    expect(blockParams(base, range, 3_999, 4_000)).toEqual([base]);
    expect(blockParams({ ...base, to_utc: 'x' }, range, 100_000, 4_000)).toEqual([{ ...base, to_utc: 'x' }]);
    expect(blockParams(base, range, 10_000_000, 4_000)).toHaveLength(256);
  });
});
