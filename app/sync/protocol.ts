import { z } from 'zod';

/**
 * The wire protocol between a desktop and the sync server (write path and enrolment). Pure:
 * imported by `app/sync/` (the device) and by `sync-server/`. JSON bodies; errors are
 * `{ error: { code, message } }` with a 4xx/5xx status (`message` in English; the device shows
 * its own pt-BR text per code).
 */

/** A column value as it travels: SQLite's scalar types (booleans are already 0/1). */
export const WireValue = z.union([z.string().max(1_000_000), z.number(), z.null()]);
export type WireValue = z.infer<typeof WireValue>;

export const MAX_PUSH_MUTATIONS = 1000;
export const MAX_PUSH_BYTES = 5 * 1024 * 1024;

/** One outbox entry. `columns` is the whole row for an insert, the changed columns for an update. */
export const PushMutation = z.object({
  mutation_id: z.string().min(1).max(64),
  table: z.string().min(1).max(64),
  op: z.enum(['insert', 'update']),
  row_id: z.string().min(1).max(200),
  columns: z.record(z.string().min(1).max(64), WireValue),
  /** The outbox `seq` on the device: strictly increasing within a device, gaps allowed. */
  device_seq: z.number().int().positive(),
  user_id: z.string().max(64).nullable().optional(),
  register_id: z.string().max(64).nullable().optional(),
  /** Device clock, informative only: ordering never trusts it. */
  created_at: z.string().max(40).optional(),
});
export type PushMutation = z.infer<typeof PushMutation>;

/** `POST /v1/push`, `Authorization: Bearer <device token>`. */
export const PushRequest = z.object({
  mutations: z.array(PushMutation).min(1).max(MAX_PUSH_MUTATIONS),
});
export type PushRequest = z.infer<typeof PushRequest>;

export interface PushRejection {
  mutation_id: string;
  code: string;
  reason: string;
}

export interface PushResponse {
  applied: string[];
  skipped: string[];
  rejected: PushRejection[];
}

/**
 * `POST /v1/enrol` (no token): a one-time code makes this desktop a device of the code's tenant.
 * Either the desktop brings its own store (`store_id` + `store_name`: it joins the tenant as a
 * store), or — a new desktop with no store yet — it names an existing store of the tenant by its
 * code (`join_store`, e.g. `LJ01`) and becomes another device of that store.
 */
export const EnrolRequest = z
  .object({
    code: z.string().min(1).max(100),
    store_id: z.string().min(1).max(64).optional(),
    store_name: z.string().min(1).max(120).optional(),
    /** The own store's code: refused (409 `store_code_taken`) if another store of the tenant has it. */
    store_code: z.string().min(1).max(20).optional(),
    join_store: z.string().min(1).max(20).optional(),
    device_id: z.string().min(1).max(64),
    device_name: z.string().min(1).max(120),
  })
  .refine((r) => (r.join_store !== undefined) !== (r.store_id !== undefined && r.store_name !== undefined), {
    message: 'send either store_id and store_name, or join_store',
    path: ['join_store'],
  });
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export interface EnrolResponse {
  /** Shown once; the server keeps only its hash. */
  token: string;
  tenant_id: string;
  store_id: string;
  device_id: string;
}

export interface WireError {
  error: {
    code: string;
    message: string;
    /**
     * Optional (added by the device half, compatible): when a whole push batch is refused
     * because of one mutation, its id. The device then rejects just that one at once instead of
     * halving the batch until it finds it.
     */
    mutation_id?: string;
  };
}
