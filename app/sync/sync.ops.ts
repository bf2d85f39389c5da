import { z } from 'zod';
import { op } from '../contract/define';
import { enrolDeviceBlocking, enrolSchema } from './sync.enrol';
import { syncAgentFor } from './sync.agent';
import { joinProgress, joinSchema, startJoinBlocking, type JoinProgress } from './sync.join';
import { settleKeyConflict, settleSchema } from './sync.settle';
import { syncStatus } from './sync.status';

/** The join's progress as shown before setup: no identifiers beyond the store and register codes. */
function progressView(job: JoinProgress) {
  return {
    state: job.state,
    phase: job.phase,
    tables_done: job.tables_done,
    tables_total: job.tables_total,
    rows: job.rows,
    error: job.error,
    store_code: job.result?.store_code ?? null,
    register_code: job.result?.register.code ?? null,
  };
}

export const syncOps = {
  /** Enrolment state, connection, last push, pending count and oldest, rejected mutations with reasons. */
  'sync.status': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => syncStatus(ctx.db, syncAgentFor(ctx.db) !== undefined),
  }),
  /**
   * Makes this desktop a device of the tenant whose one-time code is given. Readonly for the
   * dispatcher: the POST is awaited outside any transaction, the identity written in its own.
   */
  'sync.enrol': op({
    input: enrolSchema,
    permission: 'store.manage',
    readonly: true,
    handler: (ctx, input) => {
      const view = enrolDeviceBlocking(ctx.db, input, () => ctx.clock.now());
      syncAgentFor(ctx.db)?.wake();
      return view;
    },
  }),
  /**
   * "Entrar numa loja existente" (first run): enrols this desktop, which has no store yet, as
   * another device of an existing store of the tenant (refusals are this operation's error),
   * then downloads everything in the background and creates its register; progress in
   * `sync.join_status`. Public like `store.setup`: refused once the desktop has a store.
   */
  'sync.join': op({
    input: joinSchema,
    permission: 'public',
    readonly: true,
    handler: (ctx, input) => progressView(startJoinBlocking(ctx.db, input, ctx.clock)),
  }),
  /** Progress of `sync.join`: phase, tables downloaded of the total, rows, the refusal if it failed. */
  'sync.join_status': op({
    input: z.object({}),
    permission: 'public',
    readonly: true,
    handler: (ctx) => progressView(joinProgress(ctx.db)),
  }),
  /**
   * "Resolver" in Registros em conflito: settles one held server sale — the local sale holding
   * its number (not on the server) is renumbered and sent again, then the server's sale is
   * written with its rows (`sync.settle.ts`). Refusals change nothing. Readonly for the
   * dispatcher, like `sync.enrol`: the server's answer is awaited outside any transaction, and
   * the handler writes (with its audit row) in its own short transactions.
   */
  'sync.key_conflicts.settle': op({
    input: settleSchema,
    permission: 'sales.cancel',
    readonly: true,
    handler: (ctx, input) => {
      try {
        const result = settleKeyConflict(ctx, input.row_id, syncAgentFor(ctx.db)?.pushInFlight ?? false);
        if (result.renumbered) syncAgentFor(ctx.db)?.wake();
        return result;
      } catch (error) {
        // The refusal waits for the push's answer: ask for that push now.
        if ((error as { code?: unknown }).code === 'sync_push_unanswered') syncAgentFor(ctx.db)?.wake();
        throw error;
      }
    },
  }),
  /** Asks the background loop to push now; `started` is false when no loop runs in this process. */
  'sync.push_now': op({
    input: z.object({}),
    permission: 'user',
    readonly: true,
    handler: (ctx) => {
      const agent = syncAgentFor(ctx.db);
      agent?.wake();
      return { started: agent !== undefined };
    },
  }),
};
