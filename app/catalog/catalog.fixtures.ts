import { expect } from 'vitest';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import type { OpInput } from '../contract/operations';
import { dumpContent, expectOk } from '../../test/helpers';

/** Test support: asserts a refusal with its code and pt-BR message, and that nothing was written. */
export function expectRefusal(
  app: Balcao,
  session: Session,
  op: string,
  input: unknown,
  expected: { code: string; message: string | RegExp },
): { code: string; message: string; details?: Record<string, unknown> } {
  const before = dumpContent(app.db);
  const result = app.dispatch(op, input, session);
  if (result.ok) throw new Error(`expected ${expected.code}, got ok: ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe(expected.code);
  if (typeof expected.message === 'string') expect(result.error.message).toBe(expected.message);
  else expect(result.error.message).toMatch(expected.message);
  expect(dumpContent(app.db)).toEqual(before);
  return result.error;
}

export function sessionAs(role: Session['role']): Session {
  return { userId: `user-${role}`, role, registerId: null, system: false, version: 0, lastSeenMs: 0 };
}

export const SHIRT: OpInput<'catalog.upsertProduct'> = {
  external_id: 'CAM-001-AZ-M',
  product_external_id: 'CAM-001',
  name: 'Camisa Polo Algodão',
  category: 'Camisas',
  kind: 'goods',
  unit_price: 8990,
  unit_cost: 4200,
  barcodes: ['7891234567895'],
  size: 'M',
  color: 'Azul',
  brand: 'Boa Vista',
};

export function addProduct(
  app: Balcao,
  session: Session,
  overrides: Partial<OpInput<'catalog.upsertProduct'>> = {},
): { id: string; created: boolean } {
  return expectOk(app.dispatch('catalog.upsertProduct', { ...SHIRT, ...overrides }, session));
}

/** Outbox entries written after `seq`, payloads parsed (the audit trail's own rows left out). */
export function outboxSince(app: Balcao, seq: number) {
  return (
    app.db.raw
      .prepare(
        "SELECT seq, table_name, row_id, kind, payload FROM sync_outbox WHERE seq > ? AND table_name <> 'audit_log' ORDER BY seq",
      )
      .all(seq) as { seq: number; table_name: string; row_id: string; kind: string; payload: string }[]
  ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

export function lastOutboxSeq(app: Balcao): number {
  return (app.db.raw.prepare('SELECT coalesce(max(seq), 0) FROM sync_outbox').pluck().get() as number) ?? 0;
}
