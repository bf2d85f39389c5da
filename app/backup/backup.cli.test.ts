import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { tempDir } from '../../test/helpers';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

describe('CLI backup and restore', () => {
  it('backup --out --json, restore --from --json, and a corrupted backup refused with exit 1 and nothing changed', async () => {
    const dir = tempDir();
    const db = join(dir, 'balcao.sqlite3');
    expect(
      (
        await cli([
          'setup',
          '--db',
          db,
          '--store-name',
          'Loja',
          '--owner-name',
          'Ana',
          '--login',
          'ana',
          '--pin',
          '1234',
        ])
      ).code,
    ).toBe(0);
    const out = join(dir, 'copia.sqlite3');
    const backup = await cli(['backup', '--db', db, '--out', out, '--json']);
    expect(backup.code).toBe(0);
    const written = JSON.parse(backup.out) as { ok: boolean; file: string; sha256: string; integrity: string };
    expect(written).toMatchObject({ ok: true, file: out, integrity: 'ok' });
    expect(written.sha256).toMatch(/^[0-9a-f]{64}$/);

    const restored = await cli(['restore', '--db', db, '--from', out, '--json']);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.out)).toMatchObject({ ok: true, restored_from: out, sha256: written.sha256 });

    const bad = join(dir, 'ruim.sqlite3');
    const bytes = readFileSync(out);
    bytes.fill(0, 0, 100); // the header is gone
    writeFileSync(bad, bytes);
    const before = readFileSync(db);
    const refused = await cli(['restore', '--db', db, '--from', bad, '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toEqual({
      ok: false,
      error: {
        code: 'backup_corrupted',
        message: 'O arquivo de backup está corrompido ou não é um banco de dados; nada foi alterado.',
      },
    });
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});
