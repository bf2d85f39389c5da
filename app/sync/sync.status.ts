import type { Db } from '../db/db';
import { listMerges } from './sync.merge';
import { keyConflictsView } from './sync.settle';
import { pendingSummary, readSyncDevice, rejectedMutations, type RejectedMutation } from './sync.state';

/** What Configurações → Sincronização shows; never the token. */
export interface SyncStatus {
  enrolled: boolean;
  server_url: string | null;
  tenant_id: string | null;
  device_id: string | null;
  enrolled_at: string | null;
  /** Whether the last contact with the server succeeded. */
  connected: boolean;
  last_attempt_at: string | null;
  /** When the server last answered a push. */
  last_push_at: string | null;
  /** pt-BR reason of the last failed contact (unreachable, device refused). */
  last_error: { code: string; message: string } | null;
  pending: { count: number; oldest_at: string | null };
  rejected: { total: number; items: RejectedMutation[] };
  /** Whether a background push loop runs in this process. */
  running: boolean;
  /** When a pull last brought every table up to date. */
  last_pull_at: string | null;
  /** Double bookings (appointment external ids) the agenda check found after the last pull. */
  conflicts: string[][];
  /**
   * Rows two desktops made with the same unique key (SKU, CPF, register code…), merged into the
   * one the server had first: the owner's list, newest first.
   */
  merges: ReturnType<typeof listMerges>;
  /**
   * Rows from the server that a local row's value of a key that is not merged (a sale's
   * number) kept out: kept whole on this desktop for the owner to settle, newest first; `settle`
   * says whether "Resolver" can settle a held sale here (`sync.key_conflicts.settle`).
   */
  key_conflicts: ReturnType<typeof keyConflictsView>;
}

/** Reads the sync state of this desktop (`sync.status`). */
export function syncStatus(db: Db, running: boolean): SyncStatus {
  const device = readSyncDevice(db);
  return {
    enrolled: device !== undefined,
    server_url: device?.server_url ?? null,
    tenant_id: device?.tenant_id ?? null,
    device_id: device?.device_id ?? null,
    enrolled_at: device?.enrolled_at ?? null,
    connected: device?.connected === 1,
    last_attempt_at: device?.last_attempt_at ?? null,
    last_push_at: device?.last_push_at ?? null,
    last_error:
      device?.last_error_code && device.last_error_message
        ? { code: device.last_error_code, message: device.last_error_message }
        : null,
    pending: pendingSummary(db),
    rejected: rejectedMutations(db),
    running,
    ...pullState(db, device !== undefined),
    merges: listMerges(db),
    key_conflicts: keyConflictsView(db),
  };
}

function pullState(db: Db, enrolled: boolean): { last_pull_at: string | null; conflicts: string[][] } {
  if (!enrolled) return { last_pull_at: null, conflicts: [] };
  const row = db.statement('SELECT last_pull_at, conflicts_seen FROM sync_device WHERE id = 1').get() as
    { last_pull_at: string | null; conflicts_seen: string | null } | undefined;
  const pairs = row?.conflicts_seen ? (JSON.parse(row.conflicts_seen) as string[]) : [];
  return { last_pull_at: row?.last_pull_at ?? null, conflicts: pairs.map((pair) => pair.split('|')) };
}
