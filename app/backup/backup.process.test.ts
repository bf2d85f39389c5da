import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { setUpStore, writeApplyFile } from '../../bench/apply.bench';
import { openBalcao } from '../balcao';
import { newSession } from '../contract/context';
import { copyDeviceTemplate } from '../../test/device-template';
import { deviceTemplate, expectOk, OWNER, tempDir } from '../../test/helpers';
import { ROOT } from '../../test/processes';
import { inspectDatabaseFile, writeBackupFile } from './backup.file';
import { RESTORE_STEPS, restoreDatabase } from './backup.restore';

interface Child {
  kill(): void;
  /** Resolves when stdout has printed `text`. */
  printed(text: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startNode(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BALCAO_LOG: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; done: () => void }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    for (const w of waiters.filter((x) => stdout.includes(x.text))) w.done();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, stderr })),
  );
  return {
    kill: () => child.kill('SIGKILL'),
    printed: (text) =>
      stdout.includes(text)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((done) => waiters.push({ text, done })),
            exited.then((e) => Promise.reject(new Error(`child exited before "${text}": ${e.stderr}`))),
          ]),
    exited,
  };
}

const CHILD = 'app/backup/backup.child.ts';

function customerNames(path: string): string[] {
  const raw = new BetterSqlite3(path);
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    return (raw.prepare('SELECT name FROM customers ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    raw.close();
  }
}

async function storeWithCustomer(path: string, name: string, fillerMb = 0): Promise<void> {
  copyDeviceTemplate(await deviceTemplate(), path);
  const app = await openBalcao(path);
  expectOk(app.dispatch('store.setup', { store: { name: 'Loja', code: 'LJ01' }, owner: OWNER }, newSession()));
  expectOk(app.dispatch('customers.upsert', { external_id: name, name }, newSession(true)));
  if (fillerMb > 0) {
    app.db.raw.exec('CREATE TABLE filler (b BLOB)');
    const insert = app.db.raw.prepare('INSERT INTO filler (b) VALUES (randomblob(1048576))');
    for (let i = 0; i < fillerMb; i++) insert.run();
  }
  app.close();
}

describe('backup and restore killed at any moment', () => {
  it('a backup killed mid-write leaves the live database intact and no file under the final name', async () => {
    const dir = tempDir();
    const db = join(dir, 'balcao.sqlite3');
    await storeWithCustomer(db, 'Cliente Vivo', 24);
    const out = join(dir, 'copia.sqlite3');
    let killedMidway = 0;
    for (const delayMs of [0, 40, 150]) {
      const child = startNode([CHILD, 'backup', db, out]);
      await child.printed('ready');
      await sleep(delayMs);
      child.kill();
      const end = await child.exited;
      if (end.signal === 'SIGKILL' && !existsSync(out)) killedMidway++;
      expect(customerNames(db)).toEqual(['Cliente Vivo']);
      // Whatever moment it died, the final name holds a whole, checked backup or nothing.
      if (existsSync(out)) expect(inspectDatabaseFile(out).migrations).toContain('0021_trust');
    }
    expect(killedMidway).toBeGreaterThan(0);
  }, 120_000);

  it('a restore killed at each step leaves the old database at its path or whole aside, never a mix', async () => {
    const dir = tempDir();
    const backupDb = join(dir, 'fonte.sqlite3');
    await storeWithCustomer(backupDb, 'Do Backup');
    const backupApp = await openBalcao(backupDb);
    const backupFile = join(dir, 'copia.sqlite3');
    await writeBackupFile(backupApp.db.raw, backupFile);
    backupApp.close();

    const template = join(dir, 'modelo.sqlite3');
    await storeWithCustomer(template, 'Do Vivo');
    for (const step of RESTORE_STEPS) {
      const db = join(dir, `vivo-${step}.sqlite3`);
      copyFileSync(template, db);
      const child = startNode([CHILD, 'restore', db, backupFile, step]);
      await child.printed(`step:${step}`);
      child.kill();
      expect((await child.exited).signal).toBe('SIGKILL');
      const names = customerNames(db);
      const asides = readdirSync(dir).filter(
        (f) => f.startsWith(`vivo-${step}-antes-da-restauracao-`) && f.endsWith('.sqlite3'),
      );
      if (step === 'replace' || step === 'done') {
        // Past the point where the old file is kept: it is whole aside.
        expect(asides).toHaveLength(1);
        expect(customerNames(join(dir, asides[0]!))).toEqual(['Do Vivo']);
      }
      if (step === 'done') expect(names).toEqual(['Do Backup']);
      else expect(names).toEqual(['Do Vivo']);
      // A later restore finishes cleanly after any interrupted one.
      const again = await restoreDatabase(db, backupFile, { now: new Date() });
      expect(customerNames(db)).toEqual(['Do Backup']);
      expect(customerNames(again.previous_kept_as!)).toEqual([step === 'done' ? 'Do Backup' : 'Do Vivo']);
    }
  }, 240_000);

  it('restores a backup taken while another process wrote sales: every sale committed before it started is whole', async () => {
    const dir = tempDir();
    const db = join(dir, 'balcao.sqlite3');
    const file = join(dir, 'actions.jsonl');
    // Enough sales that the writer is still busy when the backup starts after its first 1,000.
    writeApplyFile(file, 6_000, 11);
    const source = new Map<string, { items: number; payments: number }>();
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      if (!text) continue;
      const line = JSON.parse(text) as {
        action: string;
        transaction_data: { external_id: string; items?: unknown[]; payments?: unknown[] };
      };
      if (line.action === 'register_sale') {
        source.set(line.transaction_data.external_id, {
          items: line.transaction_data.items?.length ?? 0,
          payments: line.transaction_data.payments?.length ?? 0,
        });
      }
    }
    copyDeviceTemplate(await deviceTemplate(), db);
    (await setUpStore(db)).app.close();
    const writer = startNode(['app/cli/bin.ts', 'apply', '--db', db, '--file', file, '--json']);
    const watcher = new BetterSqlite3(db, { readonly: true });
    const count = watcher.prepare('SELECT count(*) FROM sales').pluck();
    while ((count.get() as number) < 1_000) await sleep(10);
    const committed = watcher.prepare('SELECT external_id FROM sales').pluck().all() as string[];
    watcher.close();
    const source_ = new BetterSqlite3(db);
    const out = join(dir, 'copia.sqlite3');
    await writeBackupFile(source_, out);
    source_.close();
    writer.kill();
    // The writer was still importing while the backup was taken (it did not finish the file first).
    expect((await writer.exited).signal).toBe('SIGKILL');

    const restored = join(dir, 'restaurado.sqlite3');
    await restoreDatabase(restored, out, { now: new Date() });
    const raw = new BetterSqlite3(restored, { readonly: true });
    const rows = raw
      .prepare(
        `SELECT s.external_id,
          (SELECT count(*) FROM sale_items WHERE sale_id = s.id) AS items,
          (SELECT count(*) FROM payments WHERE sale_id = s.id) AS payments,
          (SELECT count(*) FROM sale_state WHERE sale_id = s.id) AS state
         FROM sales s`,
      )
      .all() as { external_id: string; items: number; payments: number; state: number }[];
    raw.close();
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    const missingOrBroken = committed.filter((id) => {
      const r = byId.get(id);
      const s = source.get(id);
      return !r || !s || r.items !== s.items || r.payments !== s.payments || r.state !== 1;
    });
    expect(committed.length).toBeGreaterThanOrEqual(1_000);
    expect(missingOrBroken).toEqual([]);
    // Sales committed after the backup started may be there too, whole as well.
    expect(rows.filter((r) => r.state !== 1 || r.items !== source.get(r.external_id)?.items)).toEqual([]);
  }, 180_000);
});
