import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimTemplateBuild } from './central-template';
import { tempDir } from './helpers';

describe('claimTemplateBuild', () => {
  it('elects one builder, and another process takes the build over once that builder has died', () => {
    const dir = tempDir();
    expect(claimTemplateBuild(dir)).toBe(true);
    expect(readFileSync(join(dir, 'building'), 'utf8')).toBe(String(process.pid));
    expect(claimTemplateBuild(dir)).toBe(false);

    // A builder killed mid-build: its pid stays in `building`, no process has it any more.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'building'), String(dead));
    expect(claimTemplateBuild(dir)).toBe(true);
    expect(readFileSync(join(dir, 'building'), 'utf8')).toBe(String(process.pid));
  });

  it('does not take over from a builder that is alive', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'building'), String(process.ppid));
    expect(claimTemplateBuild(dir)).toBe(false);
  });
});
