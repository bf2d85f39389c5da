import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/main';

/** Runs the CLI in this process; returns exit code, stdout and stderr. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** The PDF's text as `pdftotext -layout` reads it (poppler-utils), pages split by form feed. */
export function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/** Page count from `pdfinfo`. */
export function pdfPages(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/**
 * Renders every page to PNG with `pdftoppm` into test-results/reports/<name>/ (kept after the run
 * for a person to look at); returns the PNG paths.
 */
export function keepPagePngs(pdf: string, name: string): string[] {
  const dir = join(process.cwd(), 'test-results', 'reports', name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(pdf, join(dir, `${name}.pdf`));
  execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}
