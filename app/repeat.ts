/** Timers a repeating job runs on; injected so tests drive it without sleeping. */
export interface SchedulerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd: a waiting job never keeps the process alive. */
export const realTimers: SchedulerTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Runs `run` once after `firstMs`, then again `everyMs` after each run has finished (a returned
 * promise is awaited, so runs never overlap; a synchronous run schedules the next at once), until
 * `stop()`. Used by the background jobs of
 * `npm run web` and the Electron main process (automatic backup, charge expiry). `run` handles
 * its own errors; a rejected promise still schedules the next run.
 */
export function repeatEvery(
  run: () => unknown,
  options: { firstMs: number; everyMs: number; timers?: SchedulerTimers | undefined },
): { stop(): void } {
  const timers = options.timers ?? realTimers;
  let handle: unknown = null;
  let stopped = false;
  const loop = (ms: number) => {
    handle = timers.setTimeout(() => {
      if (stopped) return;
      const next = () => {
        if (!stopped) loop(options.everyMs);
      };
      let result: unknown;
      try {
        result = run();
      } catch {
        // `run` handles its own faults; the next run still comes.
      }
      if (result instanceof Promise) void result.catch(() => undefined).finally(next);
      else next();
    }, ms);
  };
  loop(options.firstMs);
  return {
    stop: () => {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
    },
  };
}
