import { ShapeStream, isChangeMessage, isControlMessage, type Message, type Row } from '@electric-sql/client';
import type { Db } from '../db/db';
import type { Clock } from '../contract/context';
import { newSession } from '../contract/context';
import { log } from '../log';
import { listConflicts, type ConflictPair } from '../scheduling/conflicts';
import { syncedTableList } from './outbox';
import {
  applyChanges,
  clearShapeCopy,
  projectDirtySales,
  type ApplyOptions,
  type IncomingChange,
  type ShapeTable,
} from './sync.apply';
import { endpoint } from './sync.client';
import { enterFirstSync, finishFirstSync, inFirstSync } from './sync.pull.first';
import { settleFreedConflicts } from './sync.settle.write';
import { readSyncDevice, recordAttempt, type SyncDeviceRow } from './sync.state';
import { SYNC_MESSAGES } from './sync.push';

/** What one table's pull did. */
export interface TablePull {
  table: string;
  /** Rows written (inserted or changed). */
  applied: number;
  held: number;
  conflicts: number;
  /** Local rows merged into the server's (two desktops made the same unique key). */
  merged: number;
  /** Rows dropped by a must-refetch before the table's snapshot came again. */
  refetched: number;
  pages: number;
}

export interface PullSummary {
  stopped: 'done' | 'not_enrolled' | 'unreachable' | 'unauthorized';
  applied: number;
  tables: TablePull[];
  /** Double bookings the agenda's conflict check finds after this pull that it had not before. */
  new_conflicts?: ConflictPair[];
  message?: string;
}

export interface PullOptions {
  clock: Clock;
  /** Only these tables (tests); default every synced table, parents first. */
  tables?: string[];
  /** Called after each page applied (progress of a first download). */
  onPage?: (pull: TablePull) => void;
  /**
   * The join flow's download (`sync.join.ts`, a desktop with no store): start a first sync
   * (`sync.pull.first.ts`) when every synced table is empty. Without it a pull never enters
   * first-sync mode, only finishes one already under way (a killed join).
   */
  firstSync?: boolean;
}

interface SavedShape {
  handle: string | null;
  shape_offset: string;
}

function savedShape(db: Db, table: string): SavedShape | undefined {
  return db.statement('SELECT handle, shape_offset FROM sync_shapes WHERE table_name = ?').get(table) as
    SavedShape | undefined;
}

function saveShape(db: Db, table: string, handle: string | undefined, offset: string, rows: number, now: string) {
  db.statement(
    `INSERT INTO sync_shapes (table_name, handle, shape_offset, rows_applied, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (table_name) DO UPDATE SET handle = excluded.handle, shape_offset = excluded.shape_offset,
       rows_applied = rows_applied + excluded.rows_applied, updated_at = excluded.updated_at`,
  ).run(table, handle ?? null, offset, rows, now);
}

/**
 * Applies one batch the client handed over, in ONE SQLite transaction together with the shape's
 * new handle and offset (so a kill resumes exactly after the last batch applied). Foreign keys
 * are switched off around it: tables are pulled one after another, so a child can arrive before
 * a parent made after the parent table's pull; the rows were checked on the desktop that wrote
 * them. Returns whether the batch ended up to date.
 */
export function applyBatch(
  db: Db,
  spec: ShapeTable,
  messages: Message<Row<unknown>>[],
  stream: ShapeStream,
  pull: TablePull,
  now: string,
  options: ApplyOptions = {},
): boolean {
  let upToDate = false;
  let refetch = false;
  const changes: IncomingChange[] = [];
  for (const message of messages) {
    if (isChangeMessage(message)) {
      const mergedInto = (message.headers as { merged_into?: unknown }).merged_into;
      changes.push({
        operation: message.headers.operation,
        value: message.value,
        ...(typeof mergedInto === 'string' ? { mergedInto } : {}),
      });
    } else if (isControlMessage(message)) {
      if (message.headers.control === 'up-to-date') upToDate = true;
      if (message.headers.control === 'must-refetch') refetch = true;
    }
  }
  // A page may be lost to a power cut (not to a crash) without harm: it carries its own position
  // and is simply downloaded again, so its commit skips the fsync (NORMAL). Only around this
  // synchronous call: the counter's own commits, between pages, keep the connection's FULL.
  const synchronous = db.raw.pragma('synchronous', { simple: true }) as number;
  db.raw.pragma('foreign_keys = OFF');
  db.raw.pragma('synchronous = NORMAL');
  try {
    db.transaction(() => {
      if (refetch) pull.refetched += clearShapeCopy(db, spec);
      const result = applyChanges(db, spec, changes, now, options);
      pull.applied += result.applied;
      pull.held += result.held;
      pull.conflicts += result.conflicts;
      pull.merged += result.merged;
      saveShape(db, spec.table, stream.shapeHandle, stream.lastOffset, result.applied, now);
    });
  } finally {
    db.raw.pragma('foreign_keys = ON');
    db.raw.pragma(`synchronous = ${synchronous}`);
  }
  pull.pages++;
  return upToDate;
}

class PullRefused extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The Electric client's retries of a failed shape request before the pull gives up. */
export const PULL_BACKOFF = { initialDelay: 200, maxDelay: 2_000, multiplier: 2, maxRetries: 4 };

/** A table whose pull makes no progress for this long (server down: the client retries forever) fails. */
export const PULL_STALL_MS = 30_000;

/**
 * The official client's stream of one table's shape, resumed from its saved handle and offset
 * (`sync_shapes`). `live` false stops at up-to-date; true goes on long-polling (`sync.live.ts`).
 */
export function openShapeStream(
  db: Db,
  device: SyncDeviceRow,
  spec: ShapeTable,
  signal: AbortSignal,
  live: boolean,
): ShapeStream {
  const saved = savedShape(db, spec.table);
  return new ShapeStream({
    url: endpoint(device.server_url, '/v1/shape'),
    params: { table: spec.table },
    headers: { Authorization: `Bearer ${device.token}` },
    parser: { int8: (value: string) => Number(value) },
    signal,
    subscribe: live,
    ...(saved && saved.shape_offset !== '-1' && saved.handle
      ? { offset: saved.shape_offset as `${number}_${number}`, handle: saved.handle }
      : {}),
    // A 4xx stops the stream (401: token refused); 5xx and network errors are retried a few
    // times (about 3 s in all), then stop it too: a server that is down is "unreachable" at once
    // and the agent's own backoff takes over (the client's default retries forever, so a pull
    // begun just before the server died held the loop until the stall timer).
    backoffOptions: PULL_BACKOFF,
    onError: () => undefined,
  });
}

/** A fresh count of what one table's pull did. */
export function emptyPull(table: string): TablePull {
  return { table, applied: 0, held: 0, conflicts: 0, merged: 0, refetched: 0, pages: 0 };
}

/** Follows one table's shape from its saved position until the server says up-to-date. */
export function pullTable(
  db: Db,
  device: SyncDeviceRow,
  spec: ShapeTable,
  options: PullOptions,
  apply: ApplyOptions = { deferSaleState: true },
): Promise<TablePull> {
  const pull = emptyPull(spec.table);
  const controller = new AbortController();
  const stream = openShapeStream(db, device, spec, controller.signal, false);
  return new Promise<TablePull>((resolve, reject) => {
    let stall: NodeJS.Timeout | undefined;
    const finish = (error?: Error) => {
      clearTimeout(stall);
      controller.abort();
      if (error) reject(error);
      else resolve(pull);
    };
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(
        () => finish(new PullRefused(undefined, `no answer from the sync server for ${spec.table}`)),
        PULL_STALL_MS,
      );
    };
    watch();
    stream.subscribe(
      (messages) => {
        try {
          const now = options.clock.now().toISOString();
          const upToDate = applyBatch(db, spec, messages, stream, pull, now, apply);
          options.onPage?.(pull);
          if (upToDate) finish();
          else watch();
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      },
      (error: Error & { status?: number }) => finish(new PullRefused(error.status, error.message)),
    );
  });
}

/**
 * `sync pull`: brings every synced table up to date from the server's shapes, parents first,
 * each page applied atomically with its position. Stops at the first table the server cannot
 * serve (`unreachable`, or `unauthorized` for a refused token); what was applied stays.
 */
export async function pullUntilUpToDate(db: Db, options: PullOptions): Promise<PullSummary> {
  const device = readSyncDevice(db);
  if (!device) return { stopped: 'not_enrolled', applied: 0, tables: [] };
  // Pages commit without an fsync (`applyBatch`); a larger page cache for the pull's index work.
  const cache = db.raw.pragma('cache_size', { simple: true }) as number;
  db.raw.pragma('cache_size = -65536');
  // A joining desktop's first download (or one a kill interrupted) skips secondary indexes and
  // derived data row by row and rebuilds them once it is up to date (`sync.pull.first.ts`).
  // Only the join flow starts one: an enrolled desktop that sells while its pull stops early
  // must keep its stock levels, search and analytics triggers.
  const firstSync =
    !options.tables &&
    (inFirstSync(db) || (options.firstSync === true && enterFirstSync(db, options.clock.now().toISOString())));
  try {
    const summary = await pullTables(db, device, options, { deferSaleState: true, firstSync });
    if (firstSync && summary.stopped === 'done') {
      withoutSync(db, () => finishFirstSync(db, options.clock.now().toISOString()));
    }
    return summary;
  } finally {
    // Sales whose facts arrived in this pull (or one killed before) are projected once, now.
    if (!firstSync) projectDirtySales(db, options.clock.now().toISOString());
    // Held server sales whose number no local sale holds any more go in (`sync.settle.write.ts`).
    if (!firstSync) settleFreedConflicts(db, options.clock.now().toISOString());
    db.raw.pragma(`cache_size = ${cache}`);
  }
}

/** Runs `fn` with `synchronous = NORMAL` (a rebuild lost to a power cut is simply redone). */
function withoutSync<T>(db: Db, fn: () => T): T {
  const synchronous = db.raw.pragma('synchronous', { simple: true }) as number;
  db.raw.pragma('synchronous = NORMAL');
  try {
    return fn();
  } finally {
    db.raw.pragma(`synchronous = ${synchronous}`);
  }
}

async function pullTables(
  db: Db,
  device: SyncDeviceRow,
  options: PullOptions,
  apply: ApplyOptions,
): Promise<PullSummary> {
  const wanted = options.tables ? new Set(options.tables) : null;
  const tables: TablePull[] = [];
  for (const spec of syncedTableList()) {
    if (wanted && !wanted.has(spec.table)) continue;
    try {
      tables.push(await pullTable(db, device, spec, options, apply));
    } catch (error) {
      const status = error instanceof PullRefused ? error.status : undefined;
      const message = error instanceof Error ? error.message : String(error);
      const unauthorized = status === 401;
      log.warn('sync pull stopped', { table: spec.table, status, reason: message });
      recordAttempt(db, {
        at: options.clock.now().toISOString(),
        connected: !unauthorized && status !== undefined,
        error: unauthorized
          ? { code: 'sync_unauthorized', message: SYNC_MESSAGES.unauthorized }
          : { code: 'sync_unreachable', message: SYNC_MESSAGES.unreachable },
      });
      return { stopped: unauthorized ? 'unauthorized' : 'unreachable', applied: sum(tables), tables, message };
    }
  }
  const at = options.clock.now().toISOString();
  db.statement('UPDATE sync_device SET last_pull_at = ? WHERE id = 1').run(at);
  recordAttempt(db, { at, connected: true });
  return { stopped: 'done', applied: sum(tables), tables, new_conflicts: checkConflicts(db, options.clock) };
}

const pairKey = (pair: ConflictPair) => [pair.a.external_id, pair.b.external_id].sort().join('|');

/**
 * Runs the agenda's conflict check (two desktops may have booked the same slot offline) and
 * keeps the pairs it found in `sync_device.conflicts_seen`; returns the pairs not seen before.
 */
export function checkConflicts(db: Db, clock: Clock): ConflictPair[] {
  let pairs: ConflictPair[];
  try {
    pairs = listConflicts({ db, session: newSession(true), clock });
  } catch (error) {
    log.warn('sync pull: agenda conflict check failed', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return [];
  }
  const previous = db.statement('SELECT conflicts_seen FROM sync_device WHERE id = 1').pluck().get() as string | null;
  const seen = new Set<string>(previous ? (JSON.parse(previous) as string[]) : []);
  const fresh = pairs.filter((pair) => !seen.has(pairKey(pair)));
  db.statement('UPDATE sync_device SET conflicts_seen = ? WHERE id = 1').run(JSON.stringify(pairs.map(pairKey)));
  return fresh;
}

const sum = (tables: TablePull[]) => tables.reduce((n, t) => n + t.applied, 0);
