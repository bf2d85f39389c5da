import type { Db } from '../db/db';
import type { Clock } from '../contract/context';
import { log } from '../log';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { FetchLike } from './sync.client';
import { isJoining } from './sync.join';
import { LiveFollower } from './sync.live';
import { pullUntilUpToDate } from './sync.pull';
import { Pusher, type PushStep } from './sync.push';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SyncAgentOptions {
  clock?: Clock;
  /** In [0, 1); the backoff's jitter. */
  random?: () => number;
  timers?: Timers;
  fetch?: FetchLike;
  backoff?: BackoffPolicy;
  /** How often an idle (or not enrolled, or refused) device looks at its outbox again, ms. */
  idleMs?: number;
  batchSize?: number;
  /** How often an idle loop checks `GET /health`, ms of the clock (default 30 s). */
  probeMs?: number;
  /**
   * Pull (every synced table's shape, until up to date) whenever the outbox is empty. Default
   * false for a bare `SyncAgent`; `startSyncAgent` (the app's loop) turns it on.
   */
  pull?: boolean;
  /**
   * With `pull`: once a pull has brought every shape up to date, follow them live (one
   * long-polling `ShapeStream` per table, `sync.live.ts`) instead of pulling again when idle;
   * a follower that stops (server gone) is replaced by pulls until one succeeds again.
   */
  live?: boolean;
}

const realTimers: Timers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The background push loop of one database (Electron main process, `npm run web`). Pushes
 * batches back to back while there is work; when the outbox is empty it pulls (option `pull`)
 * and looks again every
 * `idleMs` (or at once on `wake()`, which `sync.push_now` calls); while the server is
 * unreachable it waits `backoffDelay(failures)` between attempts. Only one step runs at a time.
 */
export class SyncAgent {
  private readonly pusher: Pusher;
  private timer: unknown = null;
  private running = false;
  private stepping: Promise<void> | null = null;
  private failures = 0;
  private wakeRequested = false;
  private lastProbeMs: number | null = null;
  private follower: LiveFollower | null = null;
  /** A push step is in flight (its rows sent, not yet acknowledged): the follower must not apply. */
  private pushing = false;
  private readonly clock: Clock;
  /** The delay chosen after the last step, ms (tests read the schedule without sleeping). */
  lastDelayMs: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: SyncAgentOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => new Date() };
    this.pusher = new Pusher(db, {
      clock: this.clock,
      fetch: options.fetch,
      batchSize: options.batchSize,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /**
   * Stops the loop; resolves when a step in flight has finished writing, or after `maxWaitMs`
   * (a batch still waiting for the server then simply goes unacknowledged and is resent later).
   */
  async stop(maxWaitMs = 3_000): Promise<void> {
    this.running = false;
    this.follower?.stop();
    this.follower = null;
    if (this.timer !== null) (this.options.timers ?? realTimers).clear(this.timer);
    this.timer = null;
    if (!this.stepping) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.stepping, new Promise<void>((done) => (timeout = setTimeout(done, maxWaitMs)))]);
    clearTimeout(timeout);
  }

  /** Push now (the user asked, or a write just happened): forgets the backoff. */
  wake(): void {
    if (!this.running) return;
    this.failures = 0;
    if (this.stepping) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Resolves when no step is in flight (tests). */
  async settled(): Promise<void> {
    await this.stepping;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Runs one step and schedules the next; exposed for tests driving the loop by hand. */
  async runOnce(): Promise<PushStep> {
    if (isJoining(this.db)) {
      // A first download (sync.join) owns the shapes now; the loop looks again when idle.
      this.lastDelayMs = this.options.idleMs ?? 5_000;
      return { kind: 'idle' };
    }
    this.pushing = true;
    let step: PushStep;
    try {
      step = await this.pusher.step();
    } finally {
      this.pushing = false;
    }
    this.lastDelayMs = this.delayAfter(step);
    if (step.kind === 'idle' && this.options.pull) await this.pull();
    if (step.kind === 'idle') await this.probeWhenDue();
    return step;
  }

  /** After pushing everything: brings the shapes up to date; an unreachable server backs off. */
  private async pull(): Promise<void> {
    if (this.follower?.running) return;
    const pulled = await pullUntilUpToDate(this.db, { clock: this.clock });
    if (pulled.stopped === 'unreachable') {
      this.lastDelayMs = backoffDelay(
        this.failures++,
        this.options.random ?? Math.random,
        this.options.backoff ?? DEFAULT_BACKOFF,
      );
    } else if (pulled.applied > 0 || pulled.new_conflicts?.length) {
      log.info('sync pull applied', { rows: pulled.applied, new_conflicts: pulled.new_conflicts?.length ?? 0 });
    }
    if (pulled.stopped === 'done' && this.options.live && this.running && !isJoining(this.db)) {
      this.follower = new LiveFollower(this.db, { clock: this.clock, pushInFlight: () => this.pushing });
      this.follower.start();
    }
  }

  /** A push step is waiting for the server's answer (`sync.key_conflicts.settle` waits for it). */
  get pushInFlight(): boolean {
    return this.pushing;
  }

  /** Whether the live follower is open (tests, status). */
  get following(): boolean {
    return this.follower?.running ?? false;
  }

  /** While idle, checks the server's health every `probeMs` (default 30 s) of the clock. */
  private async probeWhenDue(): Promise<void> {
    const now = this.clock.now().getTime();
    if (this.lastProbeMs !== null && now - this.lastProbeMs < (this.options.probeMs ?? 30_000)) return;
    this.lastProbeMs = now;
    await this.pusher.probe();
  }

  private delayAfter(step: PushStep): number {
    const idle = this.options.idleMs ?? 5_000;
    switch (step.kind) {
      case 'progress':
        this.failures = 0;
        return 0;
      case 'unreachable':
        return backoffDelay(
          this.failures++,
          this.options.random ?? Math.random,
          this.options.backoff ?? DEFAULT_BACKOFF,
        );
      case 'unauthorized':
        return Math.max(idle, 60_000);
      default:
        this.failures = 0;
        return idle;
    }
  }

  private schedule(ms: number): void {
    const timers = this.options.timers ?? realTimers;
    if (this.timer !== null) timers.clear(this.timer);
    this.timer = timers.set(() => {
      this.timer = null;
      this.stepping = this.tick().finally(() => {
        this.stepping = null;
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    try {
      await this.runOnce();
    } catch (error) {
      log.error('sync push step failed', { error: error instanceof Error ? error.message : String(error) });
      this.lastDelayMs = this.options.idleMs ?? 5_000;
    }
    const again = this.wakeRequested;
    this.wakeRequested = false;
    if (this.running) this.schedule(again ? 0 : (this.lastDelayMs ?? 0));
  }
}

const agents = new WeakMap<Db, SyncAgent>();

/** Starts the background loop for a database (one per database; a second call returns the first). */
export function startSyncAgent(db: Db, options: SyncAgentOptions = {}): SyncAgent {
  const existing = agents.get(db);
  if (existing) return existing;
  const agent = new SyncAgent(db, { pull: true, live: true, ...options });
  agents.set(db, agent);
  agent.start();
  return agent;
}

/** The running loop of this database, if any (what `sync.push_now` wakes). */
export function syncAgentFor(db: Db): SyncAgent | undefined {
  const agent = agents.get(db);
  return agent?.isRunning ? agent : undefined;
}

/** Stops and forgets the loop of this database. */
export async function stopSyncAgent(db: Db): Promise<void> {
  const agent = agents.get(db);
  agents.delete(db);
  await agent?.stop();
}
