import type { Role } from '../app/auth/roles';
import type { Balcao } from '../app/balcao';
import { newSession, type Session } from '../app/contract/context';
import { addUser } from '../app/cash/cash.fixtures';
import { expectOk } from './helpers';
import { applyOk, openStoreWithCatalog } from './sales-fixtures';

/** A user of `role` added to the store and signed in on a new channel of this device. */
export function signIn(app: Balcao, login: string, role: Role, pin: string): Session {
  addUser(app, login, role, pin);
  const session = newSession();
  expectOk(app.dispatch('auth.login', { login, pin }, session));
  return session;
}

/**
 * The sales fixtures' store plus a product sold by weight (GRAN-KG, R$ 40,00/kg), a manager,
 * a receptionist and a cashier signed in; no caixa is open.
 */
export async function openCounter() {
  const { app, session: owner } = await openStoreWithCatalog();
  applyOk(app, owner, 'upsert_product', {
    external_id: 'GRAN-KG',
    name: 'Granola a granel',
    category: 'Mercearia',
    kind: 'goods',
    unit_price: 4000,
    unit_cost: 2000,
    sold_by_weight: true,
  });
  const manager = signIn(app, 'gerente', 'manager', '5678');
  const cashier = signIn(app, 'caixa', 'cashier', '1111');
  const receptionist = signIn(app, 'recepcao', 'receptionist', '3333');
  return { app, owner, manager, cashier, receptionist };
}

/** A counter sale's input: one pair of TEN-AZ-38 (R$ 299,90) paid by card unless overridden. */
export function counterSale(extra: Record<string, unknown> = {}) {
  return {
    external_id: crypto.randomUUID(),
    items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
    payments: [{ method: 'cartao_debito', amount: 29990 }],
    ...extra,
  };
}
