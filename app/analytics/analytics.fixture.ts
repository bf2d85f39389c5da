import { openBalcao, type Balcao } from '../balcao';
import { newSession, type Session } from '../contract/context';
import { ensureZoneOffsets } from './tz';

/**
 * The hand-computed store of issue 13's tests (expected values are written out in
 * `analytics.fixture.test.ts`). LJ01 in São Paulo (UTC−3, salesperson V01 at 5%), LJ02 in
 * Manaus (UTC−4, V02 at 10%). Camisa (A) R$ 100,00 cost R$ 40,00; Calça (B) R$ 200,00 cost
 * R$ 50,00. Sales at 12:00 local unless said; reference date 2026-10-31, window 365 days:
 * purchase dates in (2025-10-31, 2026-10-31].
 */
export const FIXTURE_SALES: {
  id: string;
  customer: string;
  at: string;
  sku?: string;
  qty?: number;
  store?: 'LJ02';
  pay?: 'none' | 'cartao_credito' | 'parcelado' | 'dinheiro';
  discount?: number;
}[] = [
  { id: 'S01', customer: 'C01', at: '2026-10-31T12:00:00-03:00' },
  { id: 'S02', customer: 'C01', at: '2026-10-15T12:00:00-03:00', discount: 1000 },
  { id: 'S03', customer: 'C01', at: '2026-09-01T12:00:00-03:00' },
  { id: 'S04', customer: 'C01', at: '2026-08-01T12:00:00-03:00' },
  // 23:30 in São Paulo on Oct 31 is Nov 1, 02:30 UTC: still Oct 31 for the store
  { id: 'S05', customer: 'C02', at: '2026-11-01T02:30:00.000Z' },
  { id: 'S06', customer: 'C02', at: '2026-10-20T12:00:00-03:00', pay: 'parcelado' },
  { id: 'S07', customer: 'C02', at: '2026-10-10T12:00:00-03:00' },
  { id: 'S08', customer: 'C02', at: '2026-07-01T12:00:00-03:00' },
  { id: 'S09', customer: 'C03', at: '2026-10-25T12:00:00-03:00', pay: 'cartao_credito' },
  { id: 'S10', customer: 'C03', at: '2026-10-05T12:00:00-03:00', qty: 2 }, // 1 returned on 10-10
  { id: 'S11', customer: 'C03', at: '2026-06-15T12:00:00-03:00' },
  { id: 'S12', customer: 'C04', at: '2025-11-01T12:00:00-03:00' }, // first day inside the window
  { id: 'S13', customer: 'C04', at: '2025-10-31T12:00:00-03:00' }, // as_of − 365: outside
  { id: 'S14', customer: 'C05', at: '2026-09-15T12:00:00-03:00' },
  { id: 'S15', customer: 'C05', at: '2026-08-15T12:00:00-03:00' },
  { id: 'S16', customer: 'C05', at: '2026-07-15T12:00:00-03:00' },
  // 23:30 in Manaus on Oct 30 is Oct 31, 03:30 UTC
  { id: 'S17', customer: 'C06', at: '2026-10-31T03:30:00.000Z', sku: 'B', store: 'LJ02', pay: 'dinheiro' },
  { id: 'S18', customer: 'C07', at: '2026-03-01T12:00:00-03:00' },
  { id: 'S19', customer: 'C07', at: '2026-02-01T12:00:00-03:00' },
  { id: 'S20', customer: 'C07', at: '2026-01-10T12:00:00-03:00' },
  { id: 'S21', customer: 'C07', at: '2025-12-01T12:00:00-03:00' },
  { id: 'S22', customer: 'C08', at: '2026-01-15T12:00:00-03:00' },
  { id: 'S23', customer: 'C09', at: '2026-10-01T12:00:00-03:00' },
  { id: 'S24', customer: 'C09', at: '2026-09-20T12:00:00-03:00', qty: 2 }, // 1 returned on 10-03
  { id: 'S25', customer: 'C10', at: '2026-05-01T12:00:00-03:00' },
  { id: 'S26', customer: 'C10', at: '2026-04-01T12:00:00-03:00' },
  { id: 'S27', customer: 'C11', at: '2026-10-10T12:00:00-03:00' }, // cancelled on 10-12
  { id: 'S28', customer: 'C12', at: '2026-10-12T12:00:00-03:00', pay: 'none' }, // never paid
  { id: 'S29', customer: 'C13', at: '2025-06-01T12:00:00-03:00' }, // outside the window
];

function must(app: Balcao, session: Session, action: string, data: Record<string, unknown>): void {
  const result = app.dispatch(
    'sales.apply',
    { action, transaction_data: data, metadata: { system_source: 'test' } },
    session,
  );
  if (!result.ok) throw new Error(`${action} failed: ${JSON.stringify(result.error)}`);
}

/** Builds the fixture on a new database file; returns the open app and the CLI's system session. */
export async function openFixtureStore(path: string): Promise<{ app: Balcao; session: Session }> {
  const app = await openBalcao(path);
  const session = newSession(true);
  const setup = app.dispatch(
    'store.setup',
    { store: { name: 'Loja Centro', code: 'LJ01' }, owner: { name: 'Ana Dona', login: 'ana', pin: '1234' } },
    newSession(),
  );
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  must(app, session, 'upsert_location', { external_id: 'LJ02', name: 'Loja Manaus', timezone: 'America/Manaus' });
  must(app, session, 'upsert_salesperson', {
    external_id: 'V01',
    name: 'Carla',
    location_external_id: 'LJ01',
    commission_rate: 5,
  });
  must(app, session, 'upsert_salesperson', {
    external_id: 'V02',
    name: 'Bruno',
    location_external_id: 'LJ02',
    commission_rate: 10,
  });
  must(app, session, 'upsert_product', {
    external_id: 'A',
    name: 'Camisa',
    category: 'Camisas',
    kind: 'goods',
    unit_price: 10000,
    unit_cost: 4000,
  });
  must(app, session, 'upsert_product', {
    external_id: 'B',
    name: 'Calça',
    category: 'Calças',
    kind: 'goods',
    unit_price: 20000,
    unit_cost: 5000,
  });
  for (let i = 1; i <= 13; i++) {
    const id = `C${String(i).padStart(2, '0')}`;
    must(app, session, 'update_customer_data', { external_id: id, name: `Cliente ${id}` });
  }
  for (const s of FIXTURE_SALES) {
    const qty = s.qty ?? 1;
    const total = (s.sku === 'B' ? 20000 : 10000) * qty - (s.discount ?? 0);
    const payments =
      s.pay === 'none'
        ? []
        : [
            {
              method: s.pay === 'parcelado' ? 'cartao_credito' : (s.pay ?? 'pix'),
              amount: total,
              ...(s.pay === 'parcelado' ? { installments: 3 } : {}),
            },
          ];
    must(app, session, 'register_sale', {
      external_id: s.id,
      customer_external_id: s.customer,
      salesperson_external_id: s.store === 'LJ02' ? 'V02' : 'V01',
      location_external_id: s.store ?? 'LJ01',
      occurred_at: s.at,
      items: [{ variant_external_id: s.sku ?? 'A', qty }],
      ...(s.discount ? { discount_amount: s.discount } : {}),
      payments,
    });
  }
  const ret = {
    items: [{ variant_external_id: 'A', qty: 1 }],
    reason: 'Troca',
    condition: 'revenda',
    refund_method: 'original',
  };
  must(app, session, 'register_return', {
    reference_external_id: 'S10',
    occurred_at: '2026-10-10T12:00:00-03:00',
    ...ret,
  });
  must(app, session, 'register_return', {
    reference_external_id: 'S24',
    occurred_at: '2026-10-03T12:00:00-03:00',
    ...ret,
  });
  must(app, session, 'register_cancellation', {
    reference_external_id: 'S27',
    reason: 'Desistência',
    occurred_at: '2026-10-12T12:00:00-03:00',
  });
  ensureZoneOffsets(app.db);
  return { app, session };
}
