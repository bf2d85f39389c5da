import BetterSqlite3 from 'better-sqlite3';

/** What the live database knows about sync, read before it is replaced. */
export interface LiveSyncState {
  /** The `sync_device` row (enrolment, token), or null when not enrolled. */
  device: Record<string, unknown> | null;
  /** Outbox rows the live file settled: pushed (the server has them) or rejected. */
  settled: Map<string, { pushed_at: string | null; rejected_code: string | null; rejected_message: string | null }>;
  /** The highest outbox seq the live file used (the server's device_seq for this device is at most this). */
  maxSeq: number;
  /** The live file's backup records (the list of backups survives a restore). */
  backups: Record<string, unknown>[];
}

export interface ReconcileSummary {
  enrolled: boolean;
  /** Pending outbox rows of the backup that the live file had already pushed or rejected. */
  settled_from_live: number;
  /** Pending outbox rows moved after the live file's last seq, to go out in their order. */
  renumbered: number;
}

function tableExists(raw: BetterSqlite3.Database, name: string): boolean {
  return raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Reads the live database's sync state (read-only; an unreadable file counts as none). */
export function readLiveSyncState(dbPath: string): LiveSyncState | null {
  let raw: BetterSqlite3.Database | undefined;
  try {
    raw = new BetterSqlite3(dbPath, { fileMustExist: true, readonly: true });
    const device = tableExists(raw, 'sync_device')
      ? ((raw.prepare('SELECT * FROM sync_device WHERE id = 1').get() as Record<string, unknown> | undefined) ?? null)
      : null;
    const settled: LiveSyncState['settled'] = new Map();
    for (const r of raw
      .prepare(
        `SELECT mutation_id, pushed_at, rejected_code, rejected_message FROM sync_outbox
         WHERE pushed_at IS NOT NULL OR rejected_code IS NOT NULL`,
      )
      .iterate() as IterableIterator<{
      mutation_id: string;
      pushed_at: string | null;
      rejected_code: string | null;
      rejected_message: string | null;
    }>) {
      settled.set(r.mutation_id, r);
    }
    const maxSeq = (raw.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number) ?? 0;
    const sequence = tableExists(raw, 'sqlite_sequence')
      ? ((raw.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'").pluck().get() as
          number | undefined) ?? 0)
      : 0;
    const backups = tableExists(raw, 'backups')
      ? (raw.prepare('SELECT * FROM backups').all() as Record<string, unknown>[])
      : [];
    return { device, settled, maxSeq: Math.max(maxSeq, sequence), backups };
  } catch {
    return null;
  } finally {
    raw?.close();
  }
}

function insertAll(raw: BetterSqlite3.Database, table: string, rows: Record<string, unknown>[], mode = ''): void {
  for (const row of rows) {
    const cols = Object.keys(row);
    raw
      .prepare(
        `INSERT ${mode} INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      )
      .run(...Object.values(row));
  }
}

/**
 * Makes a restored (staged) database safe to sync, in one transaction:
 * - it keeps the live file's enrolment (`sync_device`), so the desktop stays the same device;
 * - outbox rows pending in the backup that the live file had pushed (the server has them) or
 *   rejected take that state: old mutations are never resent as new ones;
 * - the rest of the pending rows keep their mutation ids but move after the live file's last
 *   seq, because the server refuses a device_seq at or below one it has seen (`out_of_order`);
 *   the AUTOINCREMENT counter goes past both, so new mutations follow;
 * - every shape position is dropped (`sync_shapes`), so the next pull reads each table's snapshot
 *   again: changes the server already has, made after the backup, come back;
 * - the audit trail starts a new chain (`audit_chain`), so it never reuses a (chain, seq) the
 *   central copy already holds;
 * - the live file's list of backups is kept.
 */
export function reconcileSync(staged: BetterSqlite3.Database, live: LiveSyncState | null): ReconcileSummary {
  return staged.transaction((): ReconcileSummary => {
    let settledFromLive = 0;
    if (live) {
      staged.prepare('DELETE FROM sync_device').run();
      if (live.device) insertAll(staged, 'sync_device', [live.device]);
      const settle = staged.prepare(
        `UPDATE sync_outbox SET pushed_at = ?, rejected_code = ?, rejected_message = ?
         WHERE mutation_id = ? AND pushed_at IS NULL AND rejected_code IS NULL`,
      );
      for (const [id, s] of live.settled) {
        settledFromLive += settle.run(s.pushed_at, s.rejected_code, s.rejected_message, id).changes;
      }
      insertAll(staged, 'backups', live.backups, 'OR IGNORE');
    }
    const stagedMax = staged.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number;
    const shift = Math.max(stagedMax, live?.maxSeq ?? 0);
    const renumbered = staged
      .prepare('UPDATE sync_outbox SET seq = seq + ? WHERE pushed_at IS NULL AND rejected_code IS NULL')
      .run(shift).changes;
    const top = staged.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number;
    const next = Math.max(top, live?.maxSeq ?? 0);
    const hasSequence = staged.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'sync_outbox'").get();
    if (hasSequence) staged.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'sync_outbox'").run(next);
    else staged.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', ?)").run(next);
    staged.prepare('DELETE FROM sync_shapes').run();
    staged.prepare('UPDATE audit_chain SET chain_id = lower(hex(randomblob(16))) WHERE id = 1').run();
    const enrolled = staged.prepare('SELECT 1 FROM sync_device').get() !== undefined;
    return { enrolled, settled_from_live: settledFromLive, renumbered };
  })();
}
