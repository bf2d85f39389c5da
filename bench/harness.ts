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
