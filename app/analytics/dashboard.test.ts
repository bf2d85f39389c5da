import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../test/helpers';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { openFixtureStore } from './analytics.fixture';
import { dashboardData } from './dashboard';

function must<T = { id: string }>(app: Balcao, session: Session, op: string, input: unknown): T {
  const r = app.dispatch(op as never, input, session);
  if (!r.ok) throw new Error(`${op}: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('dashboard: overdue lead tasks per user (issue 12 on the dashboard)', () => {
  it('groups open tasks due before now by assignee, most first, oldest first within a user', async () => {
    const { app, session } = await openFixtureStore(tempDbPath());
    const bia = must(app, session, 'users.create', {
      name: 'Bia Recepção',
      login: 'bia',
      role: 'receptionist',
      pin: '4321',
    });
    const caio = must(app, session, 'users.create', {
      name: 'Caio Gerente',
      login: 'caio',
      role: 'manager',
      pin: '4321',
    });
    const lead = must(app, session, 'leads.upsert', { name: 'Joana Prado', origin: 'instagram' });
    const other = must(app, session, 'leads.upsert', { name: 'Marcos Lima', origin: 'site' });
    const task = (lead_id: string, body: string, due_at: string, assigned_to?: string) =>
      must(app, session, 'leads.addActivity', { lead_id, kind: 'task', body, due_at, assigned_to });
    task(lead.id, 'Ligar de novo', '2026-11-10T12:00:00.000Z', bia.id);
    task(other.id, 'Mandar orçamento', '2026-11-01T12:00:00.000Z', bia.id);
    task(lead.id, 'Confirmar horário', '2026-11-14T12:00:00.000Z', caio.id);
    task(other.id, 'Sem dono', '2026-11-12T12:00:00.000Z');
    task(lead.id, 'Amanhã', '2026-11-16T12:00:00.000Z', caio.id); // not due yet at "now"
    const done = task(lead.id, 'Já feita', '2026-11-02T12:00:00.000Z', caio.id);
    must(app, session, 'leads.setActivityDone', { activity_id: done.id, done: true });

    const data = dashboardData(app.db, '2026-10-01', '2026-10-31', new Date('2026-11-15T12:00:00Z'), app.db);
    expect(data.overdue_tasks?.map((g) => [g.user_name, g.count, g.oldest_due_at, g.tasks.map((t) => t.body)])).toEqual(
      [
        ['Bia Recepção', 2, '2026-11-01T12:00:00.000Z', ['Mandar orçamento', 'Ligar de novo']],
        ['Caio Gerente', 1, '2026-11-14T12:00:00.000Z', ['Confirmar horário']],
        [null, 1, '2026-11-12T12:00:00.000Z', ['Sem dono']],
      ],
    );
    expect(data.overdue_tasks?.[0]?.tasks[0]?.lead_name).toBe('Marcos Lima');
    app.close();
  });
});

describe('analytics.customer: the Clientes detail', () => {
  it('names the customer and sums their loyalty points next to the RFM of the reference date', async () => {
    const { app, session } = await openFixtureStore(tempDbPath());
    const c01 = app.db.raw.prepare("SELECT id FROM customers WHERE external_id = 'C01'").get() as { id: string };
    const add = app.db.raw.prepare(
      `INSERT INTO loyalty_movements (id, customer_id, kind, points, occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    add.run('L1', c01.id, 'earn', 120, '2026-10-01T12:00:00.000Z', '2026-10-01T12:00:00.000Z');
    add.run('L2', c01.id, 'redeem', -20, '2026-10-02T12:00:00.000Z', '2026-10-02T12:00:00.000Z');
    const detail = must<{
      name: string;
      external_id: string | null;
      loyalty_points: number;
      segment: string;
      rfm: { frequency: number; monetary: number } | null;
      purchases: unknown[];
    }>(app, session, 'analytics.customer', { customer_id: c01.id, as_of: '2026-10-31' });
    expect(detail.name).toBe('Cliente C01');
    expect(detail.external_id).toBe('C01');
    expect(detail.loyalty_points).toBe(100);
    // As of 2026-10-31 (analytics.fixture.test.ts): C01 is a campeão with 4 purchases, R$ 390,00.
    expect(detail.segment).toBe('campeoes');
    expect(detail.rfm).toMatchObject({ frequency: 4, monetary: 39000 });
    expect(detail.purchases).toHaveLength(4);
    app.close();
  });
});
