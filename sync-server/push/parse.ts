import { MAX_PUSH_MUTATIONS, type PushMutation, type WireValue } from '../../app/sync/protocol';

/**
 * `PushRequest` (app/sync/protocol.ts) checked by hand: the same rules as its zod schema, in
 * one loop without allocating issue objects, because a 1,000-mutation batch is the hot path of
 * the server. `parse.test.ts` holds both to the same verdict on generated bodies. Unknown keys
 * are dropped, as zod does. Returns the mutations, or the path and message of the first fault.
 */
export function parsePushBody(
  body: unknown,
): { mutations: PushMutation[] } | { path: (string | number)[]; message: string } {
  const list = isObject(body) ? body.mutations : undefined;
  if (!Array.isArray(list)) return { path: ['mutations'], message: 'expected an array' };
  if (list.length < 1 || list.length > MAX_PUSH_MUTATIONS)
    return { path: ['mutations'], message: `expected 1 to ${MAX_PUSH_MUTATIONS} mutations` };
  const mutations: PushMutation[] = new Array<PushMutation>(list.length);
  for (let i = 0; i < list.length; i++) {
    const m: unknown = list[i];
    const fault = isObject(m) ? mutationFault(m) : 'expected an object';
    if (fault) return { path: ['mutations', i], message: fault };
    mutations[i] = pick(m as Record<string, unknown>);
  }
  return { mutations };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown, min: number, max: number) =>
  typeof value === 'string' && value.length >= min && value.length <= max;
const optionalText = (value: unknown, max: number, nullable: boolean) =>
  value === undefined || (nullable && value === null) || text(value, 0, max);

function wireValue(value: unknown): value is WireValue {
  if (value === null) return true;
  if (typeof value === 'string') return value.length <= 1_000_000;
  return typeof value === 'number' && Number.isFinite(value);
}

function mutationFault(m: Record<string, unknown>): string | null {
  if (!text(m.mutation_id, 1, 64)) return 'mutation_id: 1 to 64 characters';
  if (!text(m.table, 1, 64)) return 'table: 1 to 64 characters';
  if (m.op !== 'insert' && m.op !== 'update') return 'op: insert or update';
  if (!text(m.row_id, 1, 200)) return 'row_id: 1 to 200 characters';
  if (!Number.isSafeInteger(m.device_seq) || (m.device_seq as number) <= 0) return 'device_seq: a positive integer';
  if (!optionalText(m.user_id, 64, true)) return 'user_id: up to 64 characters';
  if (!optionalText(m.register_id, 64, true)) return 'register_id: up to 64 characters';
  if (!optionalText(m.created_at, 40, false)) return 'created_at: up to 40 characters';
  if (!isObject(m.columns)) return 'columns: expected an object';
  for (const key in m.columns) {
    if (!Object.hasOwn(m.columns, key)) continue;
    if (key.length < 1 || key.length > 64) return 'columns: names of 1 to 64 characters';
    if (!wireValue(m.columns[key])) return `columns.${key}: text, number or null`;
  }
  return null;
}

function pick(m: Record<string, unknown>): PushMutation {
  const mutation: PushMutation = {
    mutation_id: m.mutation_id as string,
    table: m.table as string,
    op: m.op as PushMutation['op'],
    row_id: m.row_id as string,
    columns: m.columns as Record<string, WireValue>,
    device_seq: m.device_seq as number,
  };
  if (m.user_id !== undefined) mutation.user_id = m.user_id as string | null;
  if (m.register_id !== undefined) mutation.register_id = m.register_id as string | null;
  if (m.created_at !== undefined) mutation.created_at = m.created_at as string;
  return mutation;
}
