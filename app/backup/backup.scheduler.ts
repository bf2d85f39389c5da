import type { Clock } from '../contract/context';
import type { Db } from '../db/db';
import { nextBackupDue, runBackup } from './backup.service';

import { repeatEvery, type SchedulerTimers } from '../repeat';

export type { SchedulerTimers } from '../repeat';

/**
 * The automatic backup while the app runs (npm run web, the Electron main process): looks every
 * `checkEveryMs` (10 min; first look after `firstCheckMs`, 1 min) whether a backup is due
 * (`backup.settings` interval after the last one, daily by default) and takes it. Clock and
 * timers are injected. Returns `stop()` and `check()` (one look now, awaited; for tests).
 */
export function startBackupScheduler(
  db: Db,
  options: { clock: Clock; timers?: SchedulerTimers; checkEveryMs?: number; firstCheckMs?: number },
): { stop(): void; check(): Promise<'taken' | 'not_due' | 'failed'> } {
  const check = async (): Promise<'taken' | 'not_due' | 'failed'> => {
    const due = nextBackupDue(db);
    if (due === null || Date.parse(due) > options.clock.now().getTime()) return 'not_due';
    try {
      await runBackup(db, 'automatico', options.clock);
      return 'taken';
    } catch {
      return 'failed';
    }
  };
  const job = repeatEvery(check, {
    firstMs: options.firstCheckMs ?? 60_000,
    everyMs: options.checkEveryMs ?? 600_000,
    timers: options.timers,
  });
  return { stop: () => job.stop(), check };
}
