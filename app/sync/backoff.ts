/**
 * Retry delays while the sync server is unreachable: exponential steps (base × 2^attempt, capped)
 * with "equal jitter" — half the step fixed, half random — so desktops that lost the server at
 * the same moment do not all come back at the same instant, yet none retries sooner than half
 * a step. Pure: the random source is injected (tests pass a fixed one; no sleeping).
 */
export interface BackoffPolicy {
  /** First step, in milliseconds. */
  baseMs: number;
  /** Largest step, in milliseconds. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * Milliseconds to wait before retry number `attempt` (0 after the first failure), an integer in
 * [step/2, step] where step = min(cap, base × 2^attempt). `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const half = Math.floor(step / 2);
  const r = Math.min(Math.max(random(), 0), 0.999_999_999);
  return half + Math.floor(r * (step - half + 1));
}
