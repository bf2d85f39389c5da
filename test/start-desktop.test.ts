import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './processes';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('npm start where Electron cannot be had (issue 8, item 24)', () => {
  it('starts the browser mode, prints its address, opens the browser and says why in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'balcao-start-'));
    dirs.push(dir);
    const bin = join(dir, 'bin');
    const staticDir = join(dir, 'static');
    mkdirSync(bin);
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Balcão</title>');
    // A stand-in for the system's browser opener that writes down the address it was given.
    const opened = join(dir, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > "${opened}"\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);

    const child = spawn(process.execPath, [join(ROOT, 'scripts/start-desktop.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        BALCAO_NO_ELECTRON: '1',
        BALCAO_WEB_SERVER: join(ROOT, 'app/web/main.ts'),
        BALCAO_DB: join(dir, 'balcao.sqlite3'),
        BALCAO_STATIC_DIR: staticDir,
        BALCAO_LOG: 'silent',
        PORT: '0',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    try {
      await until(() => /http:\/\/127\.0\.0\.1:\d+/.test(stdout), 'the address printed');
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0] ?? '';
      const page = await fetch(url);
      expect(page.status).toBe(200);
      await until(() => existsSync(opened) && readFileSync(opened, 'utf8').trim() !== '', 'the browser opened');
      expect(readFileSync(opened, 'utf8').trim()).toBe(url);
      expect(stderr.trim().split('\n')).toEqual([
        'Balcão: a janela do aplicativo não abriu porque o Electron não está disponível nesta máquina (download bloqueado ou não instalado); abrindo no navegador.',
      ]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
