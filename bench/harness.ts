import { openBalcao, type Balcao } from '../app/balcao';
import { newSession, type Session } from '../app/contract/context';

/** A tiny benchmark harness: every case is compared with a baseline measured in the same run. */
export interface Measurement {
  name: string;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

export function measure(name: string, iterations: number, fn: (i: number) => void): Measurement {
  const warmup = Math.min(200, Math.ceil(iterations / 10));
  for (let i = 0; i < warmup; i++) fn(i);
  const samples = new Float64Array(iterations);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn(warmup + i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  samples.sort();
  return {
    name,
    opsPerSecond: (iterations / totalMs) * 1000,
    p50Ms: samples[Math.floor(iterations * 0.5)] ?? 0,
    p95Ms: samples[Math.floor(iterations * 0.95)] ?? 0,
  };
}

export interface Verdict {
  label: string;
  ok: boolean;
  detail: string;
}

/** ratio = candidate time / baseline time (lower is better). */
export function ratioAtMost(label: string, candidate: Measurement, baseline: Measurement, limit: number): Verdict {
  const ratio = baseline.opsPerSecond / candidate.opsPerSecond;
  return { label, ok: ratio <= limit, detail: `${ratio.toFixed(2)}× baseline (limit ${limit}×)` };
}

export function report(measurements: Measurement[], verdicts: Verdict[]): boolean {
  for (const m of measurements) {
    console.log(
      `${m.name.padEnd(48)} ${m.opsPerSecond.toFixed(0).padStart(9)} ops/s  p50 ${m.p50Ms.toFixed(3)} ms  p95 ${m.p95Ms.toFixed(3)} ms`,
    );
  }
  for (const v of verdicts) console.log(`${v.ok ? 'PASS' : 'FAIL'}  ${v.label}: ${v.detail}`);
  return verdicts.every((v) => v.ok);
}

/**
 * Measures two cases in alternating rounds so that both see the same machine noise (fsync
 * latency, other processes); ratios of interleaved runs are far steadier than back-to-back runs.
 */
export function measureInterleaved(
  a: { name: string; fn: (i: number) => void },
  b: { name: string; fn: (i: number) => void },
  rounds: number,
  perRound: number,
): [Measurement, Measurement] {
  const samples = { a: [] as number[], b: [] as number[] };
  let i = 0;
  for (let r = 0; r < rounds; r++) {
    for (const [key, c] of [
      ['a', a],
      ['b', b],
    ] as const) {
      for (let k = 0; k < perRound; k++) {
        const t0 = process.hrtime.bigint();
        c.fn(i++);
        samples[key].push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
  }
  const summarize = (name: string, list: number[]): Measurement => {
    const total = list.reduce((x, y) => x + y, 0);
    const sorted = [...list].sort((x, y) => x - y);
    return {
      name,
      opsPerSecond: (list.length / total) * 1000,
      p50Ms: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
      p95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    };
  };
  return [summarize(a.name, samples.a), summarize(b.name, samples.b)];
}

/** A database at `path` with a store set up and its owner signed in on the returned session. */
export async function openBenchStore(path: string): Promise<{ app: Balcao; session: Session }> {
  const app = await openBalcao(path);
  const session = newSession();
  const setup = app.dispatch(
    'store.setup',
    { store: { name: 'Loja Centro', code: 'LJ01' }, owner: { name: 'Ana Dona', login: 'ana', pin: '1234' } },
    session,
  );
  if (!setup.ok) throw new Error(setup.error.message);
  return { app, session };
}
