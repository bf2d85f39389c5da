import { describe, expect, it } from 'vitest';
import { isIdle, unlockKind } from './idle-lock';

describe('idle lock', () => {
  it('locks exactly when the configured minutes have passed without input', () => {
    const t0 = Date.parse('2026-11-30T10:00:00Z');
    expect(isIdle(t0, t0 + 10 * 60_000 - 1, 10)).toBe(false);
    expect(isIdle(t0, t0 + 10 * 60_000, 10)).toBe(true);
    expect(isIdle(t0, t0 + 29 * 60_000, 30)).toBe(false);
  });

  it('the same login resumes the session (screen and sale kept); another login switches', () => {
    expect(unlockKind('ana', ' Ana ')).toBe('resume');
    expect(unlockKind('ana', 'bruno')).toBe('switch');
  });
});
