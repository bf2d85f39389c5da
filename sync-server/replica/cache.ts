import { sql, type Kysely } from 'kysely';
import type { CentralDb } from '../db/schema';
import type { Replica } from './replica';

/** The tenant's `sync_log` position now (read as the owner: one indexed row). */
export async function tenantPosition(db: Kysely<CentralDb>, tenantId: string): Promise<number> {
  const { rows } = await sql<{ last_seq: number }>`
    SELECT last_seq FROM sync_counters WHERE tenant_id = ${tenantId}`.execute(db);
  return Number(rows[0]?.last_seq ?? 0);
}

/**
 * Replicas kept between requests: one is reused while its tenant's `sync_log` has not moved
 * (a push anywhere in the tenant makes the next request rebuild it). At most `limit` are kept,
 * least recently used closed first. Work on one key runs one at a time (`exclusive`).
 */
export class ReplicaCache {
  private readonly entries = new Map<string, Replica>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly limit = 8) {}

  /**
   * The replica for `key` at the tenant's current position: reused when current, brought up to
   * date by `refresh` when it can (it returns false to ask for a rebuild), else built anew.
   */
  async get(
    db: Kysely<CentralDb>,
    tenantId: string,
    key: string,
    build: () => Promise<Replica>,
    refresh?: (replica: Replica) => Promise<boolean>,
  ): Promise<Replica> {
    const cached = this.entries.get(key);
    if (cached && (cached.lastSeq === (await tenantPosition(db, tenantId)) || (refresh && (await refresh(cached))))) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    this.drop(key);
    const replica = await build();
    this.entries.set(key, replica);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    return replica;
  }

  /** Forgets (and closes) the replica of `key`. */
  drop(key: string): void {
    const replica = this.entries.get(key);
    this.entries.delete(key);
    replica?.db.raw.close();
  }

  /** Runs `fn` after every earlier call for the same key has finished. */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  close(): void {
    for (const key of [...this.entries.keys()]) this.drop(key);
  }
}
