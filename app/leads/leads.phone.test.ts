import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';

describe('lead phones', () => {
  it('stores the issue formats as one E.164 number and finds them as duplicates of each other', async () => {
    const { app, session } = await openSetUpApp();
    const formats = ['(11) 98765-4321', '11987654321', '+55 11 98765-4321', '011 98765-4321'];
    const stored: (string | null)[] = [];
    for (const [i, phone] of formats.entries()) {
      const r = expectOk(app.dispatch('leads.upsert', { name: `Lead ${i}`, phone, origin: 'site' }, session));
      stored.push(expectOk(app.dispatch('leads.get', { lead_id: r.id }, session)).phone);
      expect(r.duplicates.leads.length).toBe(i);
    }
    expect(stored).toEqual(['+5511987654321', '+5511987654321', '+5511987654321', '+5511987654321']);
  });

  it('refuses an invalid number with a pt-BR message and writes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const r = app.dispatch('leads.upsert', { name: 'X', phone: '(11) 1234', origin: 'site' }, session);
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'invalid_input',
      details: {
        issues: [{ path: 'phone', message: 'Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.' }],
      },
    });
    expect(app.db.raw.prepare('SELECT count(*) AS n FROM leads').get()).toEqual({ n: 0 });
  });
});
