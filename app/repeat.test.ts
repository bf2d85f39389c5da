import { describe, expect, it } from 'vitest';
import { repeatEvery, type SchedulerTimers } from './repeat';

function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  const timers: SchedulerTimers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimeout: (h) => {
      pending.splice(pending.indexOf(h as (typeof pending)[number]), 1);
    },
  };
  return { timers, pending, fire: () => pending.shift()?.fn() };
}

describe('repeatEvery', () => {
  it('waits for an async run before scheduling the next, keeps going after a failure, and stops', async () => {
    const { timers, pending, fire } = manualTimers();
    let finish: () => void = () => undefined;
    let runs = 0;
    const job = repeatEvery(
      () => {
        runs++;
        if (runs === 2) throw new Error('boom');
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { firstMs: 5, everyMs: 100, timers },
    );
    expect(pending.map((t) => t.ms)).toEqual([5]);
    fire();
    expect(runs).toBe(1);
    expect(pending).toEqual([]); // the first run has not finished: no overlap
    finish();
    await new Promise((r) => setImmediate(r));
    expect(pending.map((t) => t.ms)).toEqual([100]);
    fire(); // throws synchronously: the next run is still scheduled
    expect(runs).toBe(2);
    expect(pending.map((t) => t.ms)).toEqual([100]);
    job.stop();
    expect(pending).toEqual([]);
  });
});
