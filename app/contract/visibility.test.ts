import { describe, expect, it } from 'vitest';
import type { Role } from '../auth/roles';
import { addUser } from '../cash/cash.fixtures';
import { expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { newSession, type Session } from './context';
import { COMMISSION_RATE_FIELDS, COST_FIELDS, PERSON_RECORD_FIELDS, PERSONAL_FIELDS, shapeOutput } from './visibility';

const SENSITIVE = new Set<string>([
  ...COST_FIELDS,
  ...PERSONAL_FIELDS,
  ...PERSON_RECORD_FIELDS,
  ...COMMISSION_RATE_FIELDS,
]);

/** Every sensitive field name that arrives with a value (not null) anywhere in `value`. */
function receivedSensitive(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) receivedSensitive(v, into);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SENSITIVE.has(k) && v !== null && v !== undefined) into.add(k);
      receivedSensitive(v, into);
    }
  }
  return into;
}

async function storeWithEveryRole() {
  const { app, session: owner } = await openStoreWithCatalog();
  applyOk(app, owner, 'update_customer_data', {
    external_id: 'C01',
    name: 'Maria Silva',
    email: 'maria@example.com',
    birth_date: '1990-05-01',
    address: 'Rua A, 10',
  });
  applyOk(app, owner, 'register_sale', saleData());
  const sessions = new Map<Role, Session>([['owner', owner]]);
  for (const role of ['manager', 'cashier', 'receptionist', 'professional'] as const) {
    addUser(app, role, role, '2468');
    const s = newSession();
    expectOk(app.dispatch('auth.login', { login: role, pin: '2468' }, s));
    sessions.set(role, s);
  }
  return { app, sessions };
}

/**
 * The role × field matrix (ARCHITECTURE.md "Who sees what"): the sensitive fields each role
 * receives with a value through every read it may call.
 */
const FIELDS_BY_ROLE: Record<Role, string[]> = {
  owner: [
    'address',
    'birth_date',
    'commission_rate',
    'commission_rate_bp',
    'cost_cents',
    'cpf',
    'email',
    'margin_cents',
    'phone',
    'unit_cost_cents',
  ],
  manager: [
    'address',
    'birth_date',
    'commission_rate',
    'commission_rate_bp',
    'cost_cents',
    'cpf',
    'email',
    'margin_cents',
    'phone',
    'unit_cost_cents',
  ],
  cashier: ['address', 'birth_date', 'cpf', 'email', 'phone'],
  receptionist: ['address', 'birth_date', 'cpf', 'email', 'phone'],
  professional: [],
};

describe('output shaped by permission, in the dispatcher', () => {
  it('each role receives exactly its sensitive fields from every read it may call', async () => {
    const { app, sessions } = await storeWithEveryRole();
    const customerId = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").pluck().get();
    const variantId = app.db.raw.prepare("SELECT id FROM variants WHERE external_id = 'TEN-AZ-38'").pluck().get();
    const reads: [string, unknown][] = [
      ['sales.get', { external_id: 'S-1' }],
      ['sales.query', { external_id: 'S-1' }],
      ['catalog.get', { variant_id: variantId }],
      ['catalog.list', {}],
      ['catalog.search', { query: 'tenis' }],
      ['customers.find', { query: 'Maria' }],
      ['customers.get', { customer_id: customerId }],
      ['salespeople.list', {}],
      ['store.get', {}],
    ];
    for (const [role, session] of sessions) {
      const seen = new Set<string>();
      for (const [op, input] of reads) {
        const r = app.dispatch(op, input, session);
        if (r.ok) receivedSensitive(r.value, seen);
        else expect(r.error.code, `${role} ${op}`).toBe('forbidden');
      }
      expect([...seen].sort(), role).toEqual(FIELDS_BY_ROLE[role]);
    }
  });

  it('a cashier looking a sale up gets items[].cost_cents, unit cost and margin as null; the owner gets them', async () => {
    const { app, sessions } = await storeWithEveryRole();
    const cashier = sessions.get('cashier') ?? newSession();
    const seen = expectOk(app.dispatch('sales.get', { external_id: 'S-1' }, cashier));
    expect(seen.margin_cents).toBeNull();
    expect(seen.items[0]).toMatchObject({ unit_cost_cents: null, margin_cents: null, unit_price_cents: 29990 });
    expect(seen.customer).toMatchObject({ name: 'Maria Silva', cpf: '52998224725' });
    const full = expectOk(app.dispatch('sales.get', { external_id: 'S-1' }, sessions.get('owner') ?? newSession(true)));
    expect(full.items[0]).toMatchObject({ unit_cost_cents: 12000 });
    expect(typeof full.margin_cents).toBe('number');
  });

  it('the professional role reads customers by name only, and salespeople without commission rates', async () => {
    const { app, sessions } = await storeWithEveryRole();
    const pro = sessions.get('professional') ?? newSession();
    const found = expectOk(app.dispatch('customers.find', { query: 'Maria' }, pro));
    expect(found[0]).toMatchObject({ name: 'Maria Silva', cpf: null, phone: null, email: null });
    expect(expectOk(app.dispatch('customers.find', { query: '529.982' }, pro))).toEqual([]);
    expect(expectOk(app.dispatch('customers.find', { query: '11987654321' }, pro))).toEqual([]);
    const byCpf = expectOk(
      app.dispatch('customers.find', { query: '529.982' }, sessions.get('cashier') ?? newSession()),
    );
    expect(byCpf.map((c) => c.name)).toEqual(['Maria Silva']);
    const people = expectOk(app.dispatch('salespeople.list', {}, pro));
    expect(people[0]).toMatchObject({ name: 'Carla', commission_rate: null, commission_rate_bp: null });
  });
});

describe('shapeOutput', () => {
  const cashier: Session = { ...newSession(), userId: 'u1', role: 'cashier' };
  const pro: Session = { ...newSession(), userId: 'u2', role: 'professional' };

  it("hides a person's address but keeps a store's address", () => {
    const out = shapeOutput(
      { store: { address: 'Rua da Loja' }, customer: { cpf: '1', address: 'Rua B', name: 'M' } },
      pro,
    );
    expect(out).toEqual({ store: { address: 'Rua da Loja' }, customer: { cpf: null, address: null, name: 'M' } });
  });

  it("hides a reminder's wa.me link (it carries the phone) but not other links", () => {
    const reminder = { name: 'Maria', phone: '11987654321', link: 'https://wa.me/5511987654321?text=Oi' };
    expect(shapeOutput({ reminders: [reminder] }, pro)).toEqual({
      reminders: [{ name: 'Maria', phone: null, link: null }],
    });
    expect(shapeOutput({ reminders: [reminder] }, cashier)).toEqual({ reminders: [reminder] });
    expect(shapeOutput({ link: 'https://example.com' }, pro)).toEqual({ link: 'https://example.com' });
  });

  it('returns the same object when the role may see everything in it', () => {
    const value = { items: [{ unit_price_cents: 100 }] };
    expect(shapeOutput(value, cashier)).toBe(value);
    const owner: Session = { ...newSession(), userId: 'u0', role: 'owner' };
    const costly = { items: [{ cost_cents: 5 }] };
    expect(shapeOutput(costly, owner)).toBe(costly);
  });
});
