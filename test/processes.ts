import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Helpers for tests that run Balcão's real transports as separate processes. */
export const ROOT = resolve(import.meta.dirname, '..');
/**
 * `node --import tsx`: one process per program (the `tsx` binary starts a second node process,
 * which costs a start-up and outlives a SIGKILL of its parent).
 */
const TSX_NODE = [process.execPath, '--import', 'tsx'] as const;

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx app/cli/bin.ts …` as a child process; resolves when it exits. */
export function runCliProcess(args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const [node, ...flags] = TSX_NODE;
  const child = spawn(node, [...flags, join(ROOT, 'app/cli/bin.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, BALCAO_LOG: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolveDone) =>
    child.on('exit', (code) => resolveDone({ code, stdout, stderr })),
  );
  return { child, done };
}

/** Starts `node --import tsx app/web/main.ts` (what `npm run web` runs) on a free port; returns its base URL. */
export async function startWebProcess(dbPath: string, staticDir: string): Promise<{ base: string; stop(): void }> {
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Balcão</title>');
  const [node, ...flags] = TSX_NODE;
  const child = spawn(node, [...flags, join(ROOT, 'app/web/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, BALCAO_LOG: 'silent', BALCAO_DB: dbPath, BALCAO_STATIC_DIR: staticDir, PORT: '0' },
  });
  let output = '';
  const base = await new Promise<string>((resolveBase, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const found = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (found) resolveBase(found[0]);
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`web server exited (${String(code)}): ${output}`)));
  });
  return { base, stop: () => child.kill('SIGTERM') };
}
