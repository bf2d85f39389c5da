import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import type { AuditChange } from '../audit/audit.service';

describe('privacy.anonymize audit row', () => {
  it('names every row the anonymization wrote, past the usual 50 (central erasure reads exactly these rows)', async () => {
    const { app, session } = await openSetUpApp();
    expectOk(
      app.dispatch(
        'customers.upsert',
        { external_id: 'P1', name: 'Maria Souza', phone: '11987654321', email: 'maria@exemplo.com.br' },
        session,
      ),
    );
    // 60 leads with her phone, not linked to her: each is erased because the phone is the same.
    const leadIds = Array.from(
      { length: 60 },
      (_, i) =>
        expectOk(
          app.dispatch('leads.upsert', { name: `Maria ${i}`, phone: '11987654321', origin: 'instagram' }, session),
        ).id,
    );

    const r = expectOk(app.dispatch('privacy.anonymize', { customer_external_id: 'P1' }, session));
    expect(r.anonymized.leads).toBe(60);
    const changes = JSON.parse(
      app.db.raw.prepare("SELECT changes FROM audit_log WHERE operation = 'privacy.anonymize'").pluck().get() as string,
    ) as AuditChange[];
    const named = changes.filter((c) => c.t === 'leads').map((c) => c.id);
    expect(new Set(named)).toEqual(new Set(leadIds));
    expect(changes.filter((c) => c.t === 'customers')).toHaveLength(1);
    expect(changes.some((c) => c.t === '…')).toBe(false);
    // Past the first 50, rows are named without values: nothing personal is copied there either.
    expect(changes.slice(50).every((c) => c.before === undefined && c.after === undefined)).toBe(true);
    expect(expectOk(app.dispatch('audit.verify', {}, session)).ok).toBe(true);
    app.close();
  });
});
