import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts/.tsx source file under `dir` (tests included: they must not format dates by hand either). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && path !== join('app', 'br', 'date-br.usage.test.ts') ? [path] : [];
  });
}

describe('dates in Brazilian form come from formatDateBR only', () => {
  it('no source file turns yyyy-mm-dd into dd/mm/aaaa by hand (app/br/date-br.ts; the renderer through format.ts formatDate)', () => {
    const handMade = /split\(\s*['"]-['"]\s*\)\s*\.reverse\(\)\s*\.join\(\s*['"]\/['"]\s*\)/;
    const offenders = [...sources('app'), ...sources(join('renderer', 'src'))].filter((f) =>
      handMade.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
