import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openBalcao } from './balcao';
import { tempDir } from '../test/helpers';

const modeOf = (path: string) => statSync(path).mode & 0o777;
const saved = process.env.BALCAO_DATA_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.BALCAO_DATA_DIR;
  else process.env.BALCAO_DATA_DIR = saved;
});

describe.skipIf(process.platform === 'win32')('data at rest', () => {
  it('creates the data folder 0700 and the database, WAL and SHM files 0600', async () => {
    const folder = join(tempDir(), 'Balcão');
    process.env.BALCAO_DATA_DIR = folder;
    const path = join(folder, 'balcao.sqlite3');
    const app = await openBalcao(path);
    app.db.raw.exec('CREATE TABLE t (x)');
    expect(modeOf(folder)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
    app.close();
  });

  it('tightens a data folder and files an older version left readable by others', async () => {
    const folder = join(tempDir(), 'Balcão');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const path = join(folder, 'balcao.sqlite3');
    const old = new BetterSqlite3(path);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) chmodSync(file, 0o644);
    process.env.BALCAO_DATA_DIR = folder;
    const app = await openBalcao(path);
    expect(modeOf(folder)).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
    app.close();
    old.close();
  });

  it('never changes a folder the user chose with --db, but still makes the file 0600', async () => {
    const folder = tempDir();
    chmodSync(folder, 0o755);
    process.env.BALCAO_DATA_DIR = join(folder, 'elsewhere');
    const path = join(folder, 'loja.sqlite3');
    const app = await openBalcao(path);
    expect(modeOf(folder)).toBe(0o755);
    expect(modeOf(path)).toBe(0o600);
    app.close();
  });
});
