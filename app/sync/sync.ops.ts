import { z } from 'zod';
import { op } from '../contract/define';
import { enrolDeviceBlocking, enrolSchema } from './sync.enrol';
import { syncAgentFor } from './sync.agent';
import { syncStatus } from './sync.status';

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
