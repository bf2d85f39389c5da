import type { Session } from '../contract/context';
import { newSession } from '../contract/context';
import { log } from '../log';
import type { Balcao } from '../balcao';
import { repeatEvery, type SchedulerTimers } from '../repeat';

export type ExpiryCheck = { outcome: 'ran'; expired: string[] } | { outcome: 'skipped' | 'failed'; code: string };

/**
 * Charge expiry while the app runs (issue 17: "a sale waiting for a boleto or a PIX charge past
 * its due date expires"), in `npm run web` (app/web/main.ts) and the Electron main process
 * (main/main.ts), like the backup scheduler: one run at start (after `firstCheckMs`, default 0)
 * and then every `checkEveryMs` (default 10 min). Each run dispatches `payments.expire_charges`
 * with scope `this_desktop` on a system session, so it is one transaction, audited, and
 * idempotent (an expired sale is no longer due). A busy database or a restore in progress is
 * skipped until the next run; other refusals are logged (English) and the loop goes on.
 * Timers are injected (tests drive it without sleeping); `check()` runs once now.
 */
export function startChargeExpiryScheduler(
  app: Pick<Balcao, 'dispatch'>,
  options: { timers?: SchedulerTimers; checkEveryMs?: number; firstCheckMs?: number } = {},
): { stop(): void; check(): ExpiryCheck } {
  const session: Session = newSession(true);
  const check = (): ExpiryCheck => {
    try {
      const result = app.dispatch('payments.expire_charges', { scope: 'this_desktop' }, session);
      if (result.ok) {
        if (result.value.expired.length > 0) {
          log.info('charges expired', { count: result.value.expired.length, sales: result.value.expired.slice(0, 20) });
        }
        return { outcome: 'ran', expired: result.value.expired };
      }
      const code = result.error.code;
      if (code === 'database_busy' || code === 'restore_in_progress') return { outcome: 'skipped', code };
      log.warn('charge expiry refused', { code });
      return { outcome: 'failed', code };
    } catch (error) {
      // The database closed under us (quit) or another fault: the next run tries again.
      log.warn('charge expiry failed', { error: error instanceof Error ? error.message : String(error) });
      return { outcome: 'failed', code: 'exception' };
    }
  };
  const job = repeatEvery(check, {
    firstMs: options.firstCheckMs ?? 0,
    everyMs: options.checkEveryMs ?? 600_000,
    timers: options.timers,
  });
  return { stop: () => job.stop(), check };
}
