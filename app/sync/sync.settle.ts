import { z } from 'zod';
import type { AuditEntry, Context } from '../contract/context';
import { recordAudit } from '../audit/audit.service';
import type { Db } from '../db/db';
import { AppError } from '../contract/errors';
import { identifier } from '../contract/schemas';
import { newId } from '../db/ids';
import type { SaleStatus } from '../db/schema';
import { log } from '../log';
import { nextSaleSeq } from '../sales/sale.queries';
import { importNumberTag, saleNumber } from '../sales/sale-number';
import { insertRow } from './outbox';
import { keyCollisions, listKeyConflicts } from './sync.merge';
import { renumberOnServer } from './sync.settle.server';
import { readSyncDevice } from './sync.state';
import { heldFamily, writeHeldFamily, type HeldRow } from './sync.settle.write';

/** `sync.key_conflicts.settle` input: the held server sale (its id, as listed in "Registros em conflito"). */
export const settleSchema = z.object({ row_id: identifier() });

export interface SettleResult {
  /** The server's sale, now written here with its rows. */
  sale_id: string;
  number: string;
  /** The local sale that held the number, renumbered and queued to be sent again; null when none held it any more. */
  renumbered: { sale_id: string; from: string; to: string } | null;
  /** Rows of the server's sale written (the sale, its items, payments, movements…); 0 when waiting. */
  rows: number;
  /**
   * The local sale was renumbered (committed, on the server too when it was there) but the
   * server's sale still misses a parent here: it stays held and goes in by itself after the pull
   * that brings the parent (`settleFreedConflicts`).
   */
  waiting: boolean;
}

/** Renumbers this device's own sale on the sync server (`sync.settle.server.ts`); throws its refusal. */
export type RenumberOnServer = (db: Db, saleId: string, to: { number: string; seq: number }) => void;

interface LocalSale {
  id: string;
  number: string;
  seq: number;
  store_id: string;
  register_id: string | null;
}

interface OutboxInsert {
  seq: number;
  mutation_id: string;
  payload: string;
  user_id: string | null;
  register_id: string | null;
  pushed_at: string | null;
  rejected_code: string | null;
}

const refuse = (code: string, message: string, userMessage: string, details?: Record<string, unknown>) =>
  new AppError(code, message, userMessage, details);

/**
 * Settles one held server sale (`sync_key_conflicts`, a `sales` row refused on `number`): the
 * server's row is the truth, so the LOCAL sale holding the number gets a new number from this
 * writer's own numbering (`saleNumber`: per register, or `LJ01-CX1-EXT-…` for imports) — one the
 * server does not have (its insert refused `constraint_violation`, or pending on a desktop with
 * no server), its outbox insert replaced by one with the new number under a new mutation id and
 * device_seq; or one this desktop sent and the server acknowledged, renumbered on the server
 * first through `renumber` (`POST /v1/sales/renumber`, blocking, called with NO transaction
 * open: the op is readonly for the dispatcher; on `sale_number_taken` the next free numbers, at
 * most RENUMBER_TRIES). The renumber (number, seq, status-history row, outbox, audit row) commits
 * in its own transaction; then the server's sale and every row held with it are written as the
 * server has them (`writeHeldFamily`) in a second one. If a held row's parent is still missing,
 * the renumber stays (as on the server) and the result says `waiting: true`: the held sale goes
 * in by itself after the pull that brings the parent (`settleFreedConflicts`).
 *
 * Refused, changing nothing: `key_conflict_not_found` (nothing held under that id: settled
 * already), `key_conflict_synced` (the local sale came from another desktop: settled on the
 * desktop that made it), `key_conflict_unsafe` (it also repeats another unique value of a local
 * row), `sync_push_in_flight` (this desktop is sending right now; retryable),
 * `sync_push_unanswered` (a pending insert, enrolled: the server may have it with the old number
 * after a lost answer; retryable once the push is answered), `sale_number_untagged` (no
 * numbering of its own to give), `sale_number_taken` (the server refused RENUMBER_TRIES
 * numbers), the server's refusals (`sync_unreachable`…), `key_conflict_incomplete` (nothing to
 * renumber and a held row's parent is missing here: the pull brings it).
 */
export function settleKeyConflict(
  ctx: Context,
  rowId: string,
  pushInFlight: boolean,
  renumber: RenumberOnServer = renumberOnServer,
): SettleResult {
  const { db } = ctx;
  const plan = planSettle(ctx, rowId, pushInFlight);
  const { head, number } = plan;
  let renumbered: SettleResult['renumbered'] = null;
  if (plan.holder) {
    const holder = plan.holder;
    // No write transaction is held while the server answers (the op is readonly for the dispatcher).
    const to = holder.acknowledged ? renumberAcknowledged(ctx, holder.local, renumber) : freeNumber(ctx, holder.local);
    renumbered = db.transaction(() => {
      const entries: AuditEntry[] = [];
      const result = renumberLocalSale({ ...ctx, audit: entries }, holder, to, ctx.clock.now().toISOString());
      recordAudit(ctx, SETTLE_OP, 'write', entries, { row_id: rowId });
      return result;
    });
  }
  const now = ctx.clock.now().toISOString();
  try {
    const rows = db.transaction(() => {
      const written = writeHeldFamily(db, heldFamily(db, head), now);
      if (!renumbered) recordAudit(ctx, SETTLE_OP, 'write', [], { row_id: rowId });
      return written;
    });
    log.info('sync settle: held server sale settled', { sale: rowId, renumbered: renumbered?.sale_id ?? null, rows });
    return { sale_id: rowId, number, renumbered, rows, waiting: false };
  } catch (error) {
    if (!(error instanceof Error) || !/FOREIGN KEY|UNIQUE|NOT NULL/.test(error.message)) throw error;
    log.warn('sync settle: held rows could not be written', { sale: rowId, reason: error.message });
    // The renumber stays (committed, and on the server when it was there): the held sale goes in
    // by itself after a pull (`settleFreedConflicts`) once its parents are here.
    if (renumbered) return { sale_id: rowId, number, renumbered, rows: 0, waiting: true };
    throw refuse(
      'key_conflict_incomplete',
      `held sale ${rowId} cannot be written: ${error.message}`,
      `A venda do servidor com o número ${number} ainda não pode entrar: falta neste computador um registro de que ela depende (produto, cliente, caixa…) ou outro registro igual a um dela já existe. Sincronize e tente de novo; nada foi alterado.`,
    );
  }
}

const SETTLE_OP = 'sync.key_conflicts.settle';

/** Words for the unique columns a held sale may repeat (`key_conflict_unsafe`). */
const COLUMN_WORDS: Record<string, string> = {
  id: 'o identificador',
  external_id: 'o código externo',
  number: 'o número',
};

interface Holder {
  local: LocalSale;
  /** Its outbox insert, when the server does not have the sale. */
  insert: OutboxInsert | undefined;
  /** Sent from here and acknowledged: renumbered on the server first. */
  acknowledged: boolean;
}

/** The reads and refusals before anything is written (see settleKeyConflict). */
function planSettle(ctx: Context, rowId: string, pushInFlight: boolean) {
  const { db } = ctx;
  const head = db.raw
    .prepare(`SELECT * FROM sync_key_conflicts WHERE table_name = 'sales' AND key = 'number' AND row_id = ?`)
    .get(rowId) as HeldRow | undefined;
  if (!head) {
    throw refuse(
      'key_conflict_not_found',
      `no held server sale ${rowId}`,
      'Este conflito não está mais na lista (talvez já tenha sido resolvido). Atualize a tela.',
    );
  }
  const server = JSON.parse(head.row) as Record<string, unknown>;
  const number = String(server.number);
  const collisions = keyCollisions(db, 'sales', 'id', server);
  const other = collisions.find((c) => !(c.columns.length === 1 && c.columns[0] === 'number'));
  if (other) {
    const words = other.columns.map((c) => COLUMN_WORDS[c] ?? 'outro dado').join(' e ');
    throw refuse(
      'key_conflict_unsafe',
      `held sale ${rowId} also collides on ${other.columns.join(',')}`,
      `A venda do servidor com o número ${number} também repete ${words} de uma venda deste computador. Nada foi alterado; fale com o suporte.`,
    );
  }
  const id = collisions[0]?.other;
  return { head, number, holder: id === undefined ? null : holderOf(ctx, id, number, pushInFlight) };
}

/** The local sale holding the number, refused when it cannot be renumbered here and now. */
function holderOf(ctx: Context, id: string, number: string, pushInFlight: boolean): Holder {
  const { db } = ctx;
  const local = db.raw
    .prepare('SELECT id, number, seq, store_id, register_id FROM sales WHERE id = ?')
    .get(id) as LocalSale;
  const insert = localInsert(db, id);
  const acknowledged = !insert && sentFromHere(db, id);
  if (!insert && !acknowledged) {
    throw refuse(
      'key_conflict_synced',
      `local sale ${id} with number ${number} came from another device`,
      `A venda ${number} que está neste computador veio de outro computador pelo servidor: só o computador que a fez pode mudar o número dela. Resolva lá; nada foi alterado aqui.`,
    );
  }
  if (insert && pushInFlight && insert.rejected_code === null) {
    throw refuse(
      'sync_push_in_flight',
      `local sale ${id} may be in the batch being pushed`,
      'Este computador está enviando alterações ao servidor agora. Tente de novo em alguns segundos; nada foi alterado.',
      { retryable: true },
    );
  }
  // Pending and unanswered on an enrolled desktop: it may have been sent with its answer lost
  // (then the server has it with this number). Only the push's answer tells.
  if (insert && insert.rejected_code === null && readSyncDevice(db)) {
    throw refuse(
      'sync_push_unanswered',
      `local sale ${id} has a pending insert the server has not answered`,
      'A venda deste computador com esse número ainda não teve resposta do servidor (ela pode já estar lá). Sincronize e tente de novo quando o envio terminar; nada foi alterado.',
      { retryable: true },
    );
  }
  // Checked here so that a refusal comes before the server is asked.
  freeNumber(ctx, local);
  return { local, insert, acknowledged };
}

/** Bounded tries of the next free numbers when the server answers that one is taken. */
const RENUMBER_TRIES = 20;

/**
 * Renumbers an acknowledged local sale on the server, blocking, outside any transaction: the
 * next free number, then the following ones while the server answers `sale_number_taken`
 * (a number of this writer's the server has and this desktop does not yet), at most
 * RENUMBER_TRIES. Returns the number the server took.
 */
function renumberAcknowledged(ctx: Context, local: LocalSale, renumber: RenumberOnServer) {
  const skip = new Set<string>();
  for (let i = 0; i < RENUMBER_TRIES; i++) {
    const to = freeNumber(ctx, local, skip);
    try {
      renumber(ctx.db, local.id, to);
      return to;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'sale_number_taken') throw error;
      skip.add(to.number);
    }
  }
  throw refuse(
    'sale_number_taken',
    `the server refused ${RENUMBER_TRIES} numbers for sale ${local.id}`,
    'O servidor já tem vendas deste computador com os próximos números. Sincronize (para receber as vendas que faltam aqui) e tente de novo; nada foi alterado.',
    { retryable: true },
  );
}

/**
 * Renumbers local sale `holder` to `to` (see settleKeyConflict), in the caller's transaction:
 * number, seq, history, audit, outbox. Refuses `key_conflict_not_found` when it no longer
 * holds the number it had (settled meanwhile).
 */
function renumberLocalSale(ctx: Context, holder: Holder, to: { number: string; seq: number }, now: string) {
  const { db } = ctx;
  const { local, insert } = holder;
  const moved = db.raw
    .prepare('UPDATE sales SET number = ?, seq = ? WHERE id = ? AND number = ?')
    .run(to.number, to.seq, local.id, local.number).changes;
  if (moved === 0) {
    throw refuse(
      'key_conflict_not_found',
      `local sale ${local.id} no longer holds ${local.number}`,
      'Este conflito não está mais na lista (talvez já tenha sido resolvido). Atualize a tela.',
    );
  }
  if (insert) {
    // The insert the server has not taken goes again with the new number, after everything sent.
    const payload = { ...(JSON.parse(insert.payload) as Record<string, unknown>), number: to.number, seq: to.seq };
    db.raw.prepare('DELETE FROM sync_outbox WHERE seq = ?').run(insert.seq);
    db.raw
      .prepare(
        `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, user_id, register_id, created_at)
         VALUES (?, 'sales', ?, 'insert', ?, ?, ?, ?)`,
      )
      .run(newId(), local.id, JSON.stringify(payload), insert.user_id, insert.register_id, now);
  }
  // First: the audit row of the operation names the sale and its number change.
  ctx.audit?.push({
    table: 'sales',
    id: local.id,
    before: { number: local.number, seq: local.seq },
    after: { number: to.number, seq: to.seq },
  });
  const status = db.raw.prepare('SELECT status FROM sale_state WHERE sale_id = ?').pluck().get(local.id) as SaleStatus;
  insertRow(ctx, 'sale_status_history', {
    id: newId(),
    sale_id: local.id,
    from_status: status,
    to_status: status,
    reason: `Renumerada de ${local.number} para ${to.number}: o servidor já tinha outra venda com o número ${local.number}`,
    user_id: ctx.session.userId,
    occurred_at: now,
    created_at: now,
  });
  log.info('sync settle: local sale renumbered', {
    sale: local.id,
    previous: insert ? (insert.rejected_code ?? 'pending') : 'acknowledged',
  });
  return { sale_id: local.id, from: local.number, to: to.number };
}

/**
 * The outbox insert of local sale `id` when the server does not have the sale (pending, or
 * refused for any reason but `duplicate_row`, which says the server holds a sale with that id);
 * undefined when it does (acknowledged, or the sale came from the server: no insert here).
 */
function localInsert(db: Db, id: string): OutboxInsert | undefined {
  const insert = db.raw
    .prepare(
      `SELECT seq, mutation_id, payload, user_id, register_id, pushed_at, rejected_code FROM sync_outbox
       WHERE table_name = 'sales' AND row_id = ? AND kind = 'insert' ORDER BY seq DESC LIMIT 1`,
    )
    .get(id) as OutboxInsert | undefined;
  return insert && insert.pushed_at === null && insert.rejected_code !== 'duplicate_row' ? insert : undefined;
}

/** Whether this desktop sent local sale `id` and the server acknowledged it. */
function sentFromHere(db: Db, id: string): boolean {
  return (
    db.raw
      .prepare(
        `SELECT 1 FROM sync_outbox WHERE table_name = 'sales' AND row_id = ? AND kind = 'insert' AND pushed_at IS NOT NULL`,
      )
      .get(id) !== undefined
  );
}

/** What "Resolver" can do for one listed conflict row. */
export type SettleOutlook =
  /** A held server sale whose local holder the server does not have (or none any more): settleable. */
  | 'ready'
  /** A held server sale whose local holder this desktop sent and the server has: renumbered through the server. */
  | 'server'
  /** A held server sale whose local holder came from another desktop: settled on that one. */
  | 'synced'
  /** A row held with a sale (an item, a payment…): settled with its sale. */
  | null;

/** `listKeyConflicts` with each row's `settle` outlook (`sync.status`). */
export function keyConflictsView(db: Db) {
  const listed = listKeyConflicts(db);
  const holder = db.raw.prepare('SELECT id FROM sales WHERE number = ? AND id <> ?').pluck();
  return {
    total: listed.total,
    items: listed.items.map((item) => {
      let settle: SettleOutlook = null;
      if (item.table === 'sales' && item.key === 'number') {
        const [number] = JSON.parse(item.value) as unknown[];
        const local = holder.get(number, item.row_id) as string | undefined;
        if (local === undefined || localInsert(db, local)) settle = 'ready';
        else settle = sentFromHere(db, local) ? 'server' : 'synced';
      }
      return { ...item, settle };
    }),
  };
}

/**
 * The next number of the local sale's own numbering (its register's, or this writer's import
 * tag) that no sale here and no held server sale has.
 */
function freeNumber(ctx: Context, local: LocalSale, skip?: ReadonlySet<string>): { number: string; seq: number } {
  const { db } = ctx;
  const store = db.raw.prepare('SELECT code FROM stores WHERE id = ?').pluck().get(local.store_id) as string;
  const register =
    local.register_id === null
      ? null
      : (db.raw.prepare('SELECT code FROM registers WHERE id = ?').pluck().get(local.register_id) as string);
  if (register === null && importNumberTag(db, store) === null) {
    throw refuse(
      'sale_number_untagged',
      `no per-writer numbering for sale ${local.id}`,
      'Este computador não tem um caixa próprio para dar um número novo à venda. Escolha o caixa deste computador em Configurações e tente de novo; nada foi alterado.',
    );
  }
  const taken = db.raw.prepare('SELECT 1 FROM sales WHERE number = ?');
  const held = db.raw.prepare(
    `SELECT 1 FROM sync_key_conflicts WHERE table_name = 'sales' AND json_extract(row, '$.number') = ?`,
  );
  for (let seq = nextSaleSeq(db, local.store_id, local.register_id); ; seq++) {
    const number = saleNumber(db, store, register, seq);
    if (!skip?.has(number) && !taken.get(number) && !held.get(number)) return { number, seq };
  }
}
