import { randomBytes } from 'node:crypto';
import type { Session } from '../contract/context';

/**
 * The HTTP bridge's signed-in sessions by cookie id. Only signed-in sessions are stored (a request
 * without a valid cookie runs on a throwaway session), every sign-in gets a fresh id (a planted
 * id never becomes signed in), and the table is bounded: past `max` the least recently used
 * session goes, and sessions idle past the limit are swept whenever one is added.
 */
export class SessionStore {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly max: number,
    private readonly idleLimitMs: () => number,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  /** The session for a cookie id, marked as most recently used. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.byId.get(id);
    if (session) {
      this.byId.delete(id);
      this.byId.set(id, session);
    }
    return session;
  }

  /** Stores a signed-in session under a new random id and returns the id. */
  add(session: Session, nowMs: number): string {
    this.sweep(nowMs);
    while (this.byId.size >= this.max) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
    const id = randomBytes(24).toString('base64url');
    this.byId.set(id, session);
    return id;
  }

  delete(id: string | undefined): void {
    if (id) this.byId.delete(id);
  }

  /** Signs every browser out (after a restore replaced the database). */
  clear(): void {
    this.byId.clear();
  }

  private sweep(nowMs: number): void {
    const limit = this.idleLimitMs();
    for (const [id, s] of this.byId) {
      if (!s.userId || nowMs - s.lastSeenMs > limit) this.byId.delete(id);
    }
  }
}
