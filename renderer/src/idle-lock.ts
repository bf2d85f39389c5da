/** Input events that count as someone at the keyboard. */
export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** True when `minutes` have passed since the last activity (both in ms since epoch). */
export function isIdle(lastActivityMs: number, nowMs: number, minutes: number): boolean {
  return nowMs - lastActivityMs >= minutes * 60_000;
}

/** What unlocking with `login` does: the same user resumes; another user starts their own session. */
export function unlockKind(currentLogin: string, typedLogin: string): 'resume' | 'switch' {
  return currentLogin.trim().toLowerCase() === typedLogin.trim().toLowerCase() ? 'resume' : 'switch';
}
