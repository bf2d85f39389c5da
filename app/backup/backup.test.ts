import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openBalcao } from '../balcao';
import { newSession } from '../contract/context';
import { dumpContent, expectOk, OWNER, tempDir } from '../../test/helpers';
import { BackupError, checksumFile, inspectDatabaseFile, sha256File } from './backup.file';
import { restoreDatabase } from './backup.restore';
import { backupFileName, backupTakenAt, expiredBackups } from './backup.retention';
import { startBackupScheduler } from './backup.scheduler';
import { listBackups, runBackup } from './backup.service';

const NOW = new Date('2026-11-30T10:00:00Z');
const clockAt = (d: Date) => ({ now: () => d });

async function setUp(dir: string) {
  const path = join(dir, 'balcao.sqlite3');
  const app = await openBalcao(path, { clock: clockAt(NOW) });
  const session = newSession();
  expectOk(app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, session));
  return { path, app, session };
}

function addCustomer(app: Awaited<ReturnType<typeof setUp>>['app'], name: string) {
  expectOk(app.dispatch('customers.upsert', { external_id: name, name }, newSession(true)));
}

function customerNames(path: string): string[] {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    return (raw.prepare('SELECT name FROM customers ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    raw.close();
  }
}

async function refusal(promise: Promise<unknown>): Promise<BackupError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw error;
  }
  throw new Error('expected a BackupError');
}

describe('backup and restore', () => {
  it('round trip: a checked backup with its SHA-256, restored over later changes, the old file kept aside', async () => {
    const dir = tempDir();
    const { path, app } = await setUp(dir);
    addCustomer(app, 'Antes do Backup');
    const out = join(dir, 'copia.sqlite3');
    const written = await runBackup(app.db, 'cli', app.clock, out);
    expect(written.integrity).toBe('ok');
    expect(written.sha256).toBe(sha256File(out));
    expect(readFileSync(checksumFile(out), 'utf8')).toBe(`${written.sha256}  copia.sqlite3\n`);
    expect(inspectDatabaseFile(out).migrations).toContain('0021_trust');
    expect(listBackups(app.db).map((b) => b.file)).toEqual([out]);
    addCustomer(app, 'Depois do Backup');
    app.close();

    const result = await restoreDatabase(path, out, { now: NOW });
    expect(result.previous_kept_as).toBe(join(dir, 'balcao-antes-da-restauracao-2026-11-30T10-00-00Z.sqlite3'));
    expect(customerNames(path)).toEqual(['Antes do Backup']);
    expect(customerNames(result.previous_kept_as!)).toEqual(['Antes do Backup', 'Depois do Backup']);
    expect(existsSync(`${path}.restauracao`)).toBe(false);
    const reopened = await openBalcao(path);
    expect(reopened.db.raw.pragma('integrity_check', { simple: true })).toBe('ok');
    // The list of backups survives the restore.
    expect(listBackups(reopened.db).map((b) => b.file)).toEqual([out]);
    reopened.close();
  });

  it('refuses a corrupted file, a file changed after its SHA-256 was recorded and a foreign database; nothing changes', async () => {
    const dir = tempDir();
    const { path, app } = await setUp(dir);
    addCustomer(app, 'Cliente Vivo');
    const out = join(dir, 'copia.sqlite3');
    await runBackup(app.db, 'cli', app.clock, out);
    const before = dumpContent(app.db);
    app.close();
    const liveHash = sha256File(path);

    const bytes = readFileSync(out);
    bytes.fill(0x5a, 4096, 3 * 4096); // pages 2 and 3 overwritten
    writeFileSync(out, bytes);
    const changed = await refusal(restoreDatabase(path, out, { now: NOW }));
    expect(changed.code).toBe('backup_corrupted');
    expect(changed.userMessage).toBe(
      'O arquivo de backup foi alterado depois de gravado (o SHA-256 não confere); nada foi alterado.',
    );
    writeFileSync(checksumFile(out), `${sha256File(out)}  copia.sqlite3\n`); // hash matches the damage
    const corrupted = await refusal(restoreDatabase(path, out, { now: NOW }));
    expect(corrupted.code).toBe('backup_corrupted');
    expect(corrupted.userMessage).toBe(
      'O arquivo de backup está corrompido ou não é um banco de dados; nada foi alterado.',
    );
    const text = join(dir, 'nota.txt');
    writeFileSync(text, 'isto não é um banco de dados'.repeat(200));
    expect((await refusal(restoreDatabase(path, text, { now: NOW }))).code).toBe('backup_corrupted');
    const foreign = join(dir, 'outro.sqlite3');
    const other = new BetterSqlite3(foreign);
    other.exec('CREATE TABLE x (a)');
    other.close();
    const notOurs = await refusal(restoreDatabase(path, foreign, { now: NOW }));
    expect(notOurs.code).toBe('not_balcao');
    expect(notOurs.userMessage).toBe('Este arquivo não é um backup do Balcão; nada foi alterado.');
    expect((await refusal(restoreDatabase(path, join(dir, 'nao-existe'), { now: NOW }))).code).toBe('backup_not_found');

    expect(sha256File(path)).toBe(liveHash);
    // No staging copy, no aside file: the folder holds what it held.
    expect(readdirSync(dir).sort()).toEqual([
      'balcao.sqlite3',
      'copia.sqlite3',
      'copia.sqlite3.sha256',
      'nota.txt',
      'outro.sqlite3',
    ]);
    const reopened = await openBalcao(path);
    expect(dumpContent(reopened.db)).toEqual(before);
    reopened.close();
  });

  it('a restored database keeps the enrolment, never resends what the server has, and re-reads every shape', async () => {
    const dir = tempDir();
    const { path, app } = await setUp(dir);
    app.db.raw
      .prepare(
        `INSERT INTO sync_device (id, server_url, tenant_id, store_id, device_id, token, enrolled_at)
         VALUES (1, 'http://x', 't1', 's1', 'd1', 'secret', ?)`,
      )
      .run(NOW.toISOString());
    app.db.raw
      .prepare(`INSERT INTO sync_shapes (table_name, shape_offset, updated_at) VALUES ('customers', '5_0', 'x')`)
      .run();
    addCustomer(app, 'No Backup');
    const out = join(dir, 'copia.sqlite3');
    await runBackup(app.db, 'cli', app.clock, out);
    const pendingInBackup = app.db.raw
      .prepare('SELECT mutation_id FROM sync_outbox WHERE pushed_at IS NULL')
      .pluck()
      .all() as string[];
    // After the backup: the live file pushes part of the outbox and writes more.
    const half = pendingInBackup.slice(0, Math.floor(pendingInBackup.length / 2));
    for (const id of half) app.db.raw.prepare(`UPDATE sync_outbox SET pushed_at = 'p' WHERE mutation_id = ?`).run(id);
    addCustomer(app, 'Depois');
    const liveMax = app.db.raw.prepare('SELECT max(seq) FROM sync_outbox').pluck().get() as number;
    const chainBefore = app.db.raw.prepare('SELECT chain_id FROM audit_chain').pluck().get();
    app.close();

    const result = await restoreDatabase(path, out, { now: NOW });
    expect(result.sync).toEqual({
      enrolled: true,
      settled_from_live: half.length,
      renumbered: pendingInBackup.length - half.length,
    });
    const raw = new BetterSqlite3(path);
    const device = raw.prepare('SELECT device_id, token FROM sync_device').get();
    expect(device).toEqual({ device_id: 'd1', token: 'secret' });
    const pending = raw
      .prepare('SELECT seq, mutation_id FROM sync_outbox WHERE pushed_at IS NULL ORDER BY seq')
      .all() as { seq: number; mutation_id: string }[];
    expect(pending.map((p) => p.mutation_id)).toEqual(pendingInBackup.slice(half.length));
    expect(pending.every((p) => p.seq > liveMax)).toBe(true);
    expect(raw.prepare('SELECT count(*) FROM sync_shapes').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT chain_id FROM audit_chain').pluck().get()).not.toBe(chainBefore);
    raw.close();
    const reopened = await openBalcao(path, { clock: clockAt(NOW) });
    addCustomer(reopened, 'Novo');
    const newest = reopened.db.raw.prepare('SELECT max(seq) FROM sync_outbox').pluck().get() as number;
    expect(newest).toBeGreaterThan(pending.at(-1)!.seq);
    reopened.close();
  });
});

describe('retention and the automatic backup', () => {
  it('keeps the last 30 plus the newest of each of the last 12 months', () => {
    const names: string[] = [];
    for (let day = 0; day < 730; day++) names.push(backupFileName(new Date(NOW.getTime() - day * 86_400_000)));
    names.push('minha-copia.sqlite3');
    const expired = new Set(expiredBackups(names, NOW));
    const kept = names.filter((n) => !expired.has(n));
    expect(kept).toHaveLength(30 + 1 + 11); // 30 days (all in Nov and Oct), Oct's newest among them, 11 earlier months
    expect(kept).toContain('minha-copia.sqlite3');
    expect(kept).toContain(backupFileName(new Date('2026-10-31T10:00:00Z')));
    expect(kept).toContain(backupFileName(new Date('2025-12-31T10:00:00Z')));
    expect(kept).not.toContain(backupFileName(new Date('2025-11-30T10:00:00Z')));
    expect(kept).not.toContain(backupFileName(new Date('2026-10-30T10:00:00Z')));
  });

  it('takes a backup when due, daily by default, into backups/ beside the database', async () => {
    const dir = tempDir();
    const { app } = await setUp(dir);
    let now = NOW;
    const clock = { now: () => now };
    const scheduler = startBackupScheduler(app.db, {
      clock,
      timers: { setTimeout: () => null, clearTimeout: () => undefined },
    });
    expect(await scheduler.check()).toBe('taken');
    expect(await scheduler.check()).toBe('not_due');
    now = new Date(NOW.getTime() + 23 * 3_600_000);
    expect(await scheduler.check()).toBe('not_due');
    now = new Date(NOW.getTime() + 24 * 3_600_000);
    expect(await scheduler.check()).toBe('taken');
    scheduler.stop();
    expect(readdirSync(join(dir, 'backups')).sort()).toEqual([
      'balcao-backup-2026-11-30T10-00-00Z.sqlite3',
      'balcao-backup-2026-11-30T10-00-00Z.sqlite3.sha256',
      'balcao-backup-2026-12-01T10-00-00Z.sqlite3',
      'balcao-backup-2026-12-01T10-00-00Z.sqlite3.sha256',
    ]);
    expect(listBackups(app.db).map((b) => b.trigger)).toEqual(['automatico', 'automatico']);
    app.close();
  });
});

describe('backups never overwrite each other', () => {
  it('two backups in the same second both exist (…Z.sqlite3, …Z-2.sqlite3) and each matches its record and sidecar', async () => {
    const dir = tempDir();
    const { path, app } = await setUp(dir);
    addCustomer(app, 'Primeiro');
    const first = await runBackup(app.db, 'manual', app.clock);
    addCustomer(app, 'Segundo');
    const second = await runBackup(app.db, 'manual', app.clock);
    const folder = join(dir, 'backups');
    expect(first.file).toBe(join(folder, 'balcao-backup-2026-11-30T10-00-00Z.sqlite3'));
    expect(second.file).toBe(join(folder, 'balcao-backup-2026-11-30T10-00-00Z-2.sqlite3'));
    expect(customerNames(first.file)).toEqual(['Primeiro']);
    expect(customerNames(second.file)).toEqual(['Primeiro', 'Segundo']);
    for (const record of listBackups(app.db)) {
      expect(record.sha256).toBe(sha256File(record.file));
      expect(record.bytes).toBe(statSync(record.file).size);
      expect(readFileSync(checksumFile(record.file), 'utf8')).toBe(`${record.sha256}  ${basename(record.file)}\n`);
    }
    expect(listBackups(app.db)).toHaveLength(2);
    // The same-second copy is an automatic backup name the retention rule still dates.
    expect(backupTakenAt('balcao-backup-2026-11-30T10-00-00Z-2.sqlite3')).toEqual(NOW);
    // A CLI --out that already exists is not overwritten either.
    const out = join(dir, 'copia.sqlite3');
    writeFileSync(out, 'do usuário');
    const cli = await runBackup(app.db, 'cli', app.clock, out);
    expect(readFileSync(out, 'utf8')).toBe('do usuário');
    expect(cli.file).toBe(join(dir, 'copia-2.sqlite3'));
    expect(cli.sha256).toBe(sha256File(cli.file));
    app.close();
    // Two restores in the same second keep both earlier databases aside.
    const one = await restoreDatabase(path, first.file, { now: NOW });
    const two = await restoreDatabase(path, second.file, { now: NOW });
    expect(one.previous_kept_as).toBe(join(dir, 'balcao-antes-da-restauracao-2026-11-30T10-00-00Z.sqlite3'));
    expect(two.previous_kept_as).toBe(join(dir, 'balcao-antes-da-restauracao-2026-11-30T10-00-00Z-2.sqlite3'));
    expect(customerNames(one.previous_kept_as!)).toEqual(['Primeiro', 'Segundo']);
    expect(customerNames(two.previous_kept_as!)).toEqual(['Primeiro']);
  });
});
