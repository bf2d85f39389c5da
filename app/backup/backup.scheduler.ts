import type { Clock } from '../contract/context';
import type { Db } from '../db/db';
import { nextBackupDue, runBackup } from './backup.service';

export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

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
  const timers = options.timers ?? realTimers;
  const every = options.checkEveryMs ?? 600_000;
  let handle: unknown = null;
  let stopped = false;
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
  const loop = (ms: number) => {
    handle = timers.setTimeout(() => {
      if (stopped) return;
      void check().finally(() => {
        if (!stopped) loop(every);
      });
    }, ms);
  };
  loop(options.firstCheckMs ?? 60_000);
  return {
    stop: () => {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
    },
    check,
  };
}
