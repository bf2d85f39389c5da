import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import { tempDbPath } from '../../test/helpers';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('cli', () => {
  it('sets up a store and reports status as JSON only on stdout', async () => {
    const db = tempDbPath();
    const setup = await cli([
      'setup',
      '--db',
      db,
      '--json',
      '--store-name',
      'Loja CLI',
      '--owner-name',
      'Bia',
      '--login',
      'bia',
      '--pin',
      '4321',
    ]);
    expect(setup.code).toBe(0);
    expect(JSON.parse(setup.stdout)).toMatchObject({ ok: true, value: { store: { name: 'Loja CLI' } } });
    const status = await cli(['status', '--db', db, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, value: { setupDone: true, storeName: 'Loja CLI' } });
  });

  it('runs any operation with op --name, with an error code and exit 1 on bad input', async () => {
    const db = tempDbPath();
    const result = await cli(['op', '--db', db, '--json', '--name', 'store.setup', '--input', '{"store":{"name":""}}']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const human = await cli(['op', '--db', db, '--name', 'nope.nope']);
    expect(human.stderr).toContain('unknown_operation');
  });

  it('prints usage and exits 2 for an unknown command', async () => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Comando desconhecido');
  });
});
