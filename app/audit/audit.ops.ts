import { z } from 'zod';
import { op } from '../contract/define';
import { boundedInt, BOUNDS, identifier, line } from '../contract/schemas';
import { listAudit } from './audit.queries';
import { verifyAudit } from './audit.service';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const instant = line(40).refine((s) => ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'Data e hora inválidas (use AAAA-MM-DDTHH:MM com fuso).',
});

export const auditListSchema = z.strictObject({
  user_id: identifier().optional(),
  /** Exact operation name (`sales.register`) or a domain prefix ending in a dot (`sales.`). */
  operation: line(BOUNDS.nameChars).optional(),
  /** A record id (or the table name) the row is about. */
  record: line(BOUNDS.idChars).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: boundedInt(1, 500, 'O limite').default(100),
  offset: boundedInt(0, BOUNDS.maxCount, 'O deslocamento').default(0),
});

/** The audit trail (issue 16): reading and verifying need `audit.view` (owner, manager). */
export const auditOps = {
  'audit.list': op({
    input: auditListSchema,
    permission: 'audit.view',
    readonly: true,
    handler: (ctx, input) => listAudit(ctx.db, input),
  }),
  'audit.verify': op({
    input: z.strictObject({}),
    permission: 'audit.view',
    readonly: true,
    handler: (ctx) => verifyAudit(ctx.db),
  }),
};
