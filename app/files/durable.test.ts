import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers';
import { writeFileDurably } from './durable';

describe('writeFileDurably', () => {
  it('replaces a file whole, leaving no part beside it', () => {
    const dir = tempDir();
    const file = join(dir, 'carne.pdf');
    writeFileSync(file, 'old');
    writeFileDurably(file, Buffer.from('novo conteúdo'));
    expect(readFileSync(file, 'utf8')).toBe('novo conteúdo');
    expect(readdirSync(dir)).toEqual(['carne.pdf']);
  });

  it('exclusive: keeps an existing file (EEXIST, like flag wx) and leaves no part; a new one gets its mode', () => {
    const dir = tempDir();
    const file = join(dir, 'key.safe');
    writeFileDurably(file, 'first', { mode: 0o600, exclusive: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(() => writeFileDurably(file, 'second', { exclusive: true })).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['key.safe']);
  });

  it('a folder that does not exist: the error with its code, nothing written', () => {
    const dir = tempDir();
    expect(() => writeFileDurably(join(dir, 'no', 'x.pdf'), 'x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(readdirSync(dir)).toEqual([]);
  });
});
