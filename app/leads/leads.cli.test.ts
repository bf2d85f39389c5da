import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { tempDir } from '../../test/helpers';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('cli import-leads', () => {
  it('imports a cp1252 file with --map, prints { imported, duplicates, rejected } and counts a dry run without writing', async () => {
    const dir = tempDir();
    const db = join(dir, 'b.sqlite3');
    expect(
      (
        await cli([
          'setup',
          '--db',
          db,
          '--store-name',
          'Clínica',
          '--owner-name',
          'Bia',
          '--login',
          'bia',
          '--pin',
          '4321',
        ])
      ).code,
    ).toBe(0);
    const file = join(dir, 'leads.csv');
    writeFileSync(
      file,
      iconv.encode(
        'Paciente;Zap;Origem\r\nJoão;(11) 98765-4321;Site\r\nAna;11 98765-4321;Site\r\n\r\nBia;123;Site\r\n',
        'win1252',
      ),
    );
    const dry = await cli([
      'import-leads',
      '--db',
      db,
      '--file',
      file,
      '--map',
      'Paciente=name',
      '--map',
      'Zap=phone',
      '--dry-run',
      '--json',
    ]);
    expect(JSON.parse(dry.stdout)).toEqual({
      imported: 1,
      duplicates: 1,
      rejected: [
        { line: 5, code: 'invalid_phone', message: 'Linha 5: Telefone inválido: "123" (informe DDD e número).' },
      ],
    });
    const real = await cli([
      'import-leads',
      '--db',
      db,
      '--file',
      file,
      '--map',
      'Paciente=name',
      '--map',
      'Zap=phone',
      '--json',
    ]);
    expect(real.code).toBe(1);
    expect(JSON.parse(real.stdout)).toMatchObject({ imported: 1, duplicates: 1 });
    const again = await cli([
      'import-leads',
      '--db',
      db,
      '--file',
      file,
      '--map',
      'Paciente=name',
      '--map',
      'Zap=phone',
      '--on-duplicate',
      'skip',
      '--json',
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: 2 });
    const bad = await cli(['import-leads', '--db', db, '--file', file, '--map', 'Zap=telefone']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--map inválido');
  });
});
