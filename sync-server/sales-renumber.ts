import { sql, type Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { newId } from '../app/db/ids';
import { APP_ROLE } from '../migrations/central/run-sql';
import { authenticate } from './admin';
import type { CentralDb } from './db/schema';
import { SyncError } from './errors';
import type { Origin } from './push/statements';

/** `POST /v1/sales/renumber` body: the device's own sale and its new number (its own numbering). */
export const RenumberRequest = z.object({
  sale_id: z.string().min(1).max(100),
  number: z.string().min(1).max(100),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/**
 * Settling a held sale whose local twin this server already has (`app/sync/sync.settle.ts`):
 * the desktop that made the sale gives it a new number from its own numbering. Sales are facts
 * (a push updating one is refused `immutable_fact`), so this is the one way a sale's number
 * changes: in one transaction as the tenant (RLS), the tenant's counter row locked like a push
 * does, the sale must be this device's (`device_id`: 404 `unknown_sale` otherwise), its
 * `number`/`seq` set (a number this device already gave is 409 `number_taken`), and one
 * `sync_log` entry `update` `{ number, seq }` appended at the next seq (no device_seq: it is no
 * outbox mutation), which every desktop pulls — a desktop holding the sale as a conflict folds
 * it into the held row and writes it once its number is free. The same request again answers
 * 200 and logs nothing (a retry after a lost answer).
 */
export async function renumberSale(
  db: Kysely<CentralDb>,
  origin: Origin,
  input: z.infer<typeof RenumberRequest>,
): Promise<{ sale_id: string; number: string; seq: number }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { rows: locked } = await sql<{ last_seq: string; revoked: boolean | null }>`
        SELECT set_config('app.tenant_id', ${origin.tenantId}, true), set_config('role', ${APP_ROLE}, true),
          c.last_seq, d.revoked_at IS NOT NULL AS revoked
        FROM (SELECT last_seq FROM sync_counters WHERE tenant_id = ${origin.tenantId} FOR UPDATE) c
        LEFT JOIN devices d ON d.tenant_id = ${origin.tenantId} AND d.id = ${origin.deviceId}`.execute(trx);
      const counter = locked[0];
      if (!counter || counter.revoked !== false)
        throw new SyncError(401, 'token_revoked', 'this device token was revoked');
      const { rows: sales } = await sql<{ number: string; seq: string; store_id: string }>`
        SELECT number, seq, store_id FROM sales
        WHERE tenant_id = ${origin.tenantId} AND id = ${input.sale_id} AND device_id = ${origin.deviceId}`.execute(trx);
      const sale = sales[0];
      if (!sale) throw new SyncError(404, 'unknown_sale', `sale ${input.sale_id} is not one this device sent`);
      const answer = { sale_id: input.sale_id, number: input.number, seq: input.seq };
      if (sale.number === input.number && Number(sale.seq) === input.seq) return answer;
      await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(trx);
      await sql`UPDATE sales SET number = ${input.number}, seq = ${input.seq}
        WHERE tenant_id = ${origin.tenantId} AND id = ${input.sale_id}`.execute(trx);
      const seq = Number(counter.last_seq) + 1;
      await sql`INSERT INTO sync_log (tenant_id, seq, table_name, row_id, op, columns, mutation_id, store_id, device_id)
        VALUES (${origin.tenantId}, ${seq}, 'sales', ${input.sale_id}, 'update',
          ${JSON.stringify({ number: input.number, seq: input.seq })}::jsonb, ${newId()}, ${sale.store_id}, ${origin.deviceId})`.execute(
        trx,
      );
      await sql`UPDATE sync_counters SET last_seq = ${seq} WHERE tenant_id = ${origin.tenantId}`.execute(trx);
      return answer;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new SyncError(409, 'number_taken', `number ${input.number} is already one of this device's sales`);
    }
    throw error;
  }
}

/** Registers `POST /v1/sales/renumber` (device token). */
export function registerRenumberRoute(app: FastifyInstance, db: Kysely<CentralDb>): void {
  app.post('/v1/sales/renumber', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const origin = await authenticate(db, request.headers.authorization);
    const parsed = RenumberRequest.safeParse(request.body);
    if (!parsed.success) throw new SyncError(400, 'invalid_request', parsed.error.issues[0]?.message ?? 'bad body');
    const result = await renumberSale(db, origin, parsed.data);
    request.log.info(
      { tenant_id: origin.tenantId, device_id: origin.deviceId, sale: result.sale_id },
      'sale renumbered',
    );
    return reply.send(result);
  });
}
