import { setMaxListeners } from 'node:events';
import type { ShapeStream } from '@electric-sql/client';
import type { Clock } from '../contract/context';
import type { Db } from '../db/db';
import { log } from '../log';
import { syncedTableList } from './outbox';
import { applyBatch, checkConflicts, emptyPull, openShapeStream, type TablePull } from './sync.pull';
import { settleFreedConflicts } from './sync.settle.write';
import { readSyncDevice } from './sync.state';

export interface LiveOptions {
  clock: Clock;
  /** Only these tables (tests); default every synced table. */
  tables?: string[];
  /** Called after each batch applied (tests and the bench watch arrivals). */
  onApplied?: (pull: TablePull) => void;
  /** Called once when a stream stops with an error (the agent falls back to pulling). */
  onStopped?: (table: string, error: Error) => void;
  /**
   * Whether this desktop's push is in flight. A batch arriving then is not applied and the
   * follower stops (the agent pulls once the push is answered, from the saved position): while
   * sent rows are not yet acknowledged their columns are held, and another desktop's later change
   * to them — after ours in the server's order — would be skipped for good.
   */
  pushInFlight?: () => boolean;
  /** Milliseconds a stream may go without any answer before it counts as stalled (default LIVE_STALL_MS). */
  stallMs?: number;
}

/**
 * A live stream hears from the server at least once per long-poll (the server answers
 * `up-to-date` after SYNC_LONG_POLL_MS, 20 s, when nothing changed): one silent for 20 s plus a
 * generous margin is a request hanging on a half-dead connection (a NAT or proxy that dropped it
 * without a reset), which the client would wait on forever.
 * Coupled to the server: `longPollMs` (`sync-server/shape/shape.ts`) refuses a SYNC_LONG_POLL_MS
 * above 40 s, so no server holds a request past this limit; raising that cap above this value
 * would restart every idle, healthy stream (`sync.live.stall.test.ts` holds the two apart).
 */
export const LIVE_STALL_MS = 45_000;

/**
 * Live sync, the read half: one `@electric-sql/client` `ShapeStream` per synced table in live
 * mode (`live=true` long-polls the server holds until the tenant's log moves, about 20 s at
 * most), started from the positions a completed pull saved. Each batch the client hands over
 * is applied exactly as a pull applies it (`applyBatch`: one SQLite transaction with the new
 * handle and offset, so a kill resumes after the last batch), so a change pushed by another
 * desktop is here within the long-poll's round trip instead of at the next periodic pull.
 * A stream that fails (server gone, token refused) stops the whole follower; the caller pulls
 * again later and restarts it.
 */
export class LiveFollower {
  private readonly controller = new AbortController();
  private readonly streams: ShapeStream[] = [];
  private stoppedWith: Error | null = null;
  private readonly watchdogs = new Map<string, NodeJS.Timeout>();
  readonly totals = new Map<string, TablePull>();

  constructor(
    private readonly db: Db,
    private readonly options: LiveOptions,
  ) {
    // Every table's stream (and its requests) listens on this one signal.
    setMaxListeners(0, this.controller.signal);
  }

  /** Opens the streams; false when the device is not enrolled. */
  start(): boolean {
    const device = readSyncDevice(this.db);
    if (!device) return false;
    const wanted = this.options.tables ? new Set(this.options.tables) : null;
    for (const spec of syncedTableList()) {
      if (wanted && !wanted.has(spec.table)) continue;
      const pull = emptyPull(spec.table);
      this.totals.set(spec.table, pull);
      const stream = openShapeStream(this.db, device, spec, this.controller.signal, true);
      this.streams.push(stream);
      this.watch(spec.table);
      stream.subscribe(
        (messages) => {
          if (this.controller.signal.aborted) return;
          this.watch(spec.table);
          if (this.options.pushInFlight?.()) {
            this.fail(spec.table, new PushInFlight());
            return;
          }
          try {
            const before = pull.applied;
            applyBatch(this.db, spec, messages, stream, pull, this.options.clock.now().toISOString());
            // A booking made elsewhere may double-book a slot: the agenda's check, as after a pull.
            if (spec.table === 'appointments' && pull.applied > before) checkConflicts(this.db, this.options.clock);
            // A renumber from the server may free a held sale's number: it goes in, as after a pull.
            if (spec.table === 'sales') settleFreedConflicts(this.db, this.options.clock.now().toISOString());
            this.options.onApplied?.(pull);
          } catch (error) {
            this.fail(spec.table, error instanceof Error ? error : new Error(String(error)));
          }
        },
        (error: Error) => this.fail(spec.table, error),
      );
    }
    return true;
  }

  /** Whether the streams are open (not stopped, no stream failed). */
  get running(): boolean {
    return !this.controller.signal.aborted;
  }

  /** The error that stopped the follower, if one did. */
  get error(): Error | null {
    return this.stoppedWith;
  }

  /** Closes every stream (a request in flight is aborted; what was applied stays). */
  stop(): void {
    if (this.controller.signal.aborted) return;
    for (const timer of this.watchdogs.values()) clearTimeout(timer);
    this.watchdogs.clear();
    this.controller.abort();
    for (const stream of this.streams) stream.unsubscribeAll();
  }

  /**
   * (Re)arms the table's stall watchdog: silent past `stallMs`, the follower stops with
   * LiveStalled (its requests aborted), and the agent pulls again and restarts it, as after any
   * failed stream.
   */
  private watch(table: string): void {
    clearTimeout(this.watchdogs.get(table));
    const ms = this.options.stallMs ?? LIVE_STALL_MS;
    const timer = setTimeout(() => this.fail(table, new LiveStalled(table, ms)), ms);
    timer.unref();
    this.watchdogs.set(table, timer);
  }

  private fail(table: string, error: Error): void {
    if (!this.running) return;
    this.stoppedWith = error;
    if (error instanceof PushInFlight) log.info('sync live paused for a push', { table });
    else log.warn('sync live stopped', { table, reason: error.message });
    this.stop();
    this.options.onStopped?.(table, error);
  }
}

/** The follower stopped because a batch arrived during a push (see `LiveOptions.pushInFlight`). */
export class PushInFlight extends Error {
  constructor() {
    super('a batch arrived while a push was in flight: pulling again after it');
  }
}

/** A live stream had no answer at all for longer than a long-poll can last (see LIVE_STALL_MS). */
export class LiveStalled extends Error {
  constructor(table: string, ms: number) {
    super(`live stream of ${table} had no answer for ${ms} ms: restarting`);
  }
}
