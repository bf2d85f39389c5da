import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksumFile, publishUnique } from './backup.file';

describe('publishUnique with a checksum sidecar', () => {
  it('writes FILE.sha256 before FILE appears, and never touches the sidecar of a name already taken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'balcao-publish-'));
    const out = join(dir, 'balcao.db');
    writeFileSync(out, 'older backup');
    writeFileSync(checksumFile(out), 'older-hash  balcao.db\n');
    const partial = `${out}.abcd1234.parcial`;
    writeFileSync(partial, 'new backup');
    const seen: string[] = [];
    const file = publishUnique(partial, out, (name) => {
      seen.push(`${basename(name)} exists=${existsSync(name)}`);
      return `new-hash  ${basename(name)}\n`;
    });
    expect(file).toBe(join(dir, 'balcao-2.db'));
    expect(seen).toEqual(['balcao.db exists=true', 'balcao-2.db exists=false']);
    expect(readFileSync(checksumFile(file), 'utf8')).toBe('new-hash  balcao-2.db\n');
    expect(readFileSync(checksumFile(out), 'utf8')).toBe('older-hash  balcao.db\n');
    expect(readFileSync(file, 'utf8')).toBe('new backup');
    expect(existsSync(partial)).toBe(false);
  });

  it('removes the sidecar it wrote when the name turns out taken by a backup without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'balcao-publish-'));
    const out = join(dir, 'balcao.db');
    writeFileSync(out, 'copied by hand, no sidecar');
    const partial = `${out}.abcd1234.parcial`;
    writeFileSync(partial, 'new backup');
    const file = publishUnique(partial, out, (name) => `new-hash  ${basename(name)}\n`);
    expect(file).toBe(join(dir, 'balcao-2.db'));
    expect(existsSync(checksumFile(out))).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe('copied by hand, no sidecar');
    expect(readFileSync(checksumFile(file), 'utf8')).toBe('new-hash  balcao-2.db\n');
  });
});
