import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOk, OWNER, tempDbPath } from '../../test/helpers';
import { openBalcao } from '../balcao';
import { newSession } from '../contract/context';
import { cancelJobsForRestore, reportsDir, stopAllJobs } from './reports.jobs';

afterAll(async () => {
  await stopAllJobs();
});

describe('cancelJobsForRestore', () => {
  it('ends the jobs of a database opened by a relative path when asked with its absolute path', async () => {
    const path = relative(process.cwd(), tempDbPath());
    const app = await openBalcao(path);
    try {
      const owner = newSession(true);
      expectOk(
        app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, newSession()),
      );
      const job = expectOk(app.dispatch('reports.export', { kind: 'monthly', month: '2026-11', format: 'pdf' }, owner));
      // Still running: no event-loop turn has passed for the worker to report.
      expect(await cancelJobsForRestore(resolve(path))).toBe(1);
      expect(expectOk(app.dispatch('reports.job', { job_id: job.job_id }, owner)).code).toBe('cancelled_by_restore');
    } finally {
      app.close();
    }
  });

  // The fault: an ended job removed every `.NAME.*.part` of its folder, so the part another
  // generation of the same name was writing (another job, the CLI) vanished under it.
  it('removes only the ended job’s own part file, not another generation’s of the same name', async () => {
    const path = tempDbPath();
    const app = await openBalcao(path);
    try {
      const owner = newSession(true);
      expectOk(
        app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, newSession()),
      );
      const dir = reportsDir(app.db);
      const other = join(dir, '.relatorio-mensal-2026-11.pdf.0badc0de.part');
      writeFileSync(other, 'being written by another job');
      const job = expectOk(app.dispatch('reports.export', { kind: 'monthly', month: '2026-11', format: 'pdf' }, owner));
      expect(job.name).toBe('relatorio-mensal-2026-11.pdf');
      expect(await cancelJobsForRestore(path)).toBe(1);
      expect(existsSync(other)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([
        '.relatorio-mensal-2026-11.pdf.0badc0de.part',
      ]);
    } finally {
      app.close();
    }
  });
});
