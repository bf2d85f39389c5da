import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { cliFailure } from './cli-errors';

describe('cliFailure', () => {
  it('a file named on the command line that does not exist is file_unavailable in pt-BR, not an English fault', async () => {
    const missing = join(tempDir(), 'acoes.jsonl');
    // As `apply --file` reads it: a stream whose error reaches the CLI's last catch.
    const error = await new Promise<unknown>((resolve) => createReadStream(missing).on('error', resolve));
    expect(cliFailure(error, ['apply', '--db', 'x.db', '--file', missing])).toEqual({
      text: `Erro (file_unavailable): O arquivo informado não foi encontrado. Caminho: ${missing}`,
      exitCode: 1,
    });
  });

  it('a file-system error on a path not given on the command line stays an internal fault', async () => {
    const internal = join(tempDir(), 'relatorios', 'parte.tmp');
    const error = await new Promise<unknown>((resolve) => createReadStream(internal).on('error', resolve));
    expect(cliFailure(error, ['backup', '--db', 'x.db', `--out=${join(tempDir(), 'copia.db')}`])).toEqual({
      text: `Erro: ENOENT: no such file or directory, open '${internal}'`,
      exitCode: 1,
    });
  });

  it('a fault keeps its English message', () => {
    expect(cliFailure(new TypeError('x is undefined'))).toEqual({ text: 'Erro: x is undefined', exitCode: 1 });
  });
});
