import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { addUser } from '../cash/cash.fixtures';
import { expectOk } from '../../test/helpers';
import { booking, openClinic, type Clinic } from '../scheduling/scheduling.fixtures';

/** Maria's personal values, as typed: none may be left anywhere in the file after anonymization. */
const MARIA = {
  name: 'Maria Souza',
  cpf: '52998224725',
  phone: '11987654321',
  email: 'maria.souza@exemplo.com.br',
  birth_date: '1985-04-12',
  address: 'Rua das Acacias 742',
  preferences: 'Prefere atendimento vespertino',
};
const SECRETS = [
  MARIA.name,
  'Maria',
  'Souza',
  MARIA.cpf,
  '529.982.247-25',
  MARIA.phone,
  '5511987654321',
  MARIA.email,
  MARIA.birth_date,
  'Acacias',
  'vespertino',
  'Indicada pela vizinha Joana',
  'Ligou pedindo desconto',
  'Viagem de trabalho',
];

async function clinicWithMaria(): Promise<Clinic> {
  const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
  c.applyOk('update_customer_data', { external_id: 'P1', ...MARIA, cpf: '529.982.247-25' });
  c.applyOk('register_sale', {
    external_id: 'V1',
    customer_external_id: 'P1',
    items: [{ variant_external_id: 'LIMPEZA', qty: 1 }],
    payments: [{ method: 'dinheiro', amount: 15_000 }],
    occurred_at: '2026-11-20T10:00:00-03:00',
  });
  c.applyOk('register_sale', {
    external_id: 'V2',
    customer_external_id: 'P2',
    items: [{ variant_external_id: 'BOTOX', qty: 1 }],
    payments: [{ method: 'pix', amount: 80_000 }],
    occurred_at: '2026-11-21T10:00:00-03:00',
  });
  c.applyOk('book_appointment', booking('A1', '2026-12-07T09:00:00-03:00'));
  c.applyOk('update_appointment', {
    external_id: 'A1',
    status: 'cancelado',
    reason: 'Viagem de trabalho',
    cancelled_by: 'paciente',
  });
  const lead = expectOk(
    c.app.dispatch(
      'leads.upsert',
      {
        name: MARIA.name,
        phone: MARIA.phone,
        email: MARIA.email,
        origin: 'instagram',
        notes: 'Indicada pela vizinha Joana',
      },
      c.cli,
    ),
  );
  expectOk(
    c.app.dispatch('leads.addActivity', { lead_id: lead.id, kind: 'call', body: 'Ligou pedindo desconto' }, c.cli),
  );
  expectOk(
    c.app.dispatch(
      'consents.grant',
      { customer_external_id: 'P1', purpose: 'marketing', text_shown: 'Aceito ofertas.', channel: 'presencial' },
      c.cli,
    ),
  );
  return c;
}

/** The analytics the books and the owner read. */
function numbers(c: Clinic) {
  const asOf = '2026-11-30';
  return {
    rfm: expectOk(c.app.dispatch('analytics.rfm', { as_of: asOf }, c.cli)),
    kpis: expectOk(c.app.dispatch('analytics.kpis', { from: '2026-11-01', to: '2026-11-30' }, c.cli)),
    commissions: expectOk(c.app.dispatch('analytics.commissions', { from: '2026-11-01', to: '2026-11-30' }, c.cli)),
    margins: expectOk(c.app.dispatch('analytics.margins', { from: '2026-11-01', to: '2026-11-30' }, c.cli)),
    sales: c.app.db.raw.prepare('SELECT id, total_cents, customer_id FROM sales ORDER BY id').all(),
    state: c.app.db.raw.prepare('SELECT * FROM sale_state ORDER BY sale_id').all(),
  };
}

function bytesOf(path: string): string {
  const parts = [path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p).toString('latin1'));
  return parts.join('\n');
}

describe('privacy.anonymize', () => {
  it('leaves no personal value of the person anywhere in the file (WAL included), and analytics unchanged', async () => {
    const c = await clinicWithMaria();
    const path = c.app.db.raw.name;
    const before = numbers(c);
    const r = expectOk(c.app.dispatch('privacy.anonymize', { customer_external_id: 'P1' }, c.cli));
    expect(r.anonymized).toEqual({ customers: 1, leads: 1, lead_activities: 1, appointments: 1, privacy_requests: 0 });
    expect(r.consents_revoked).toBe(1);
    expect(numbers(c)).toEqual(before);

    c.app.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    c.app.db.raw.exec('VACUUM');
    c.app.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    const raw = bytesOf(path);
    expect(SECRETS.filter((s) => raw.includes(s))).toEqual([]);
    // The other patient is untouched, and the control proves the search can find a value.
    expect(raw.includes('Paula Reis')).toBe(true);

    // It travels: the outbox sends the anonymized values for every row that named her.
    const updates = c.app.db.raw
      .prepare(
        "SELECT table_name FROM sync_outbox WHERE kind = 'update' AND payload LIKE '%anonimizad%' ORDER BY table_name",
      )
      .pluck()
      .all();
    expect(updates).toEqual(['customers', 'leads']);
    // The audit row says what happened, without the erased values.
    const audit = c.app.db.raw
      .prepare("SELECT changes FROM audit_log WHERE operation = 'privacy.anonymize'")
      .pluck()
      .get() as string;
    expect(audit).toContain('•••');
    expect(expectOk(c.app.dispatch('audit.verify', {}, c.cli)).ok).toBe(true);
    c.app.close();
  });

  it("needs the owner: a manager must bring the owner's login and PIN", async () => {
    const c = await clinicWithMaria();
    addUser(c.app, 'gerente', 'manager', '5678');
    const manager = newSession();
    expectOk(c.app.dispatch('auth.login', { login: 'gerente', pin: '5678' }, manager));
    const refused = c.app.dispatch('privacy.anonymize', { customer_external_id: 'P1' }, manager);
    expect(refused.ok ? 'ok' : refused.error).toEqual({
      code: 'approval_required',
      message: 'A anonimização precisa da aprovação do dono (login e PIN).',
      details: { role: 'owner', what: 'privacy.anonymize' },
    });
    const wrong = c.app.dispatch(
      'privacy.anonymize',
      { customer_external_id: 'P1', approval: { login: 'gerente', pin: '5678' } },
      manager,
    );
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('approval_invalid');
    expect(c.app.db.raw.prepare("SELECT name FROM customers WHERE external_id = 'P1'").pluck().get()).toBe(MARIA.name);
    const ok = expectOk(
      c.app.dispatch(
        'privacy.anonymize',
        { customer_external_id: 'P1', approval: { login: 'ana', pin: '1234' } },
        manager,
      ),
    );
    expect(ok.approved_by).not.toBeNull();
    c.app.close();
  });
});
