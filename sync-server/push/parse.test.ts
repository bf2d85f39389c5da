import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PushRequest } from '../../app/sync/protocol';
import { parsePushBody } from './parse';

const textAround = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.constantFrom('', 'x'.repeat(max), 'x'.repeat(max + 1)),
    fc.constant(null),
    fc.integer(),
  );
const value = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.constant([1]),
  fc.constant({ a: 1 }),
);
const mutation = fc.record(
  {
    mutation_id: textAround(64),
    table: textAround(64),
    op: fc.constantFrom('insert', 'update', 'delete', 1),
    row_id: textAround(200),
    columns: fc.oneof(
      fc.dictionary(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constantFrom('', 'k'.repeat(65))), value, {
        maxKeys: 3,
      }),
      fc.constant([]),
      fc.constant(null),
    ),
    device_seq: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.constant('1'), fc.constant(2 ** 53)),
    user_id: fc.oneof(textAround(64), fc.constant(undefined)),
    register_id: fc.oneof(textAround(64), fc.constant(undefined)),
    created_at: fc.oneof(textAround(40), fc.constant(undefined)),
    extra: fc.anything(),
  },
  { requiredKeys: ['mutation_id', 'table', 'op', 'row_id', 'columns', 'device_seq'] },
);

describe('parsePushBody', () => {
  it('accepts and refuses exactly what the protocol zod schema does, and keeps the same data', () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ mutations: fc.array(mutation, { maxLength: 3 }) }), fc.anything()), (body) => {
        const zod = PushRequest.safeParse(body);
        const ours = parsePushBody(body);
        expect('mutations' in ours).toBe(zod.success);
        if (zod.success && 'mutations' in ours) expect(ours.mutations).toEqual(zod.data.mutations);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses more than 1,000 mutations and names the path of the first fault', () => {
    const ok = { mutation_id: 'm', table: 't', op: 'insert', row_id: 'r', columns: {}, device_seq: 1 };
    const withUser = { ...ok, user_id: null, created_at: '2026-01-01T00:00:00.000Z', ignored: true };
    expect(parsePushBody({ mutations: [withUser] })).toEqual(PushRequest.parse({ mutations: [withUser] }));
    expect(parsePushBody({ mutations: Array.from({ length: 1001 }, () => ok) })).toEqual({
      path: ['mutations'],
      message: 'expected 1 to 1000 mutations',
    });
    expect(parsePushBody({ mutations: [ok, { ...ok, device_seq: 0 }] })).toEqual({
      path: ['mutations', 1],
      message: 'device_seq: a positive integer',
    });
  });
});
