import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { expectOk, openSetUpApp, OWNER } from '../../test/helpers';

describe('device.register.set: which register this computer is (issue 8, item 23)', () => {
  it('switches this computer to a second register, kept for the next sign-in, and app.status says which', async () => {
    const { app, session } = await openSetUpApp();
    expect(expectOk(app.dispatch('app.status', {}, session)).register).toMatchObject({ code: 'CX1', name: 'Caixa 1' });
    const second = expectOk(app.dispatch('registers.upsert', { code: 'CX2', name: 'Caixa 2' }, session));

    expect(expectOk(app.dispatch('device.register.set', { register_id: second.id }, session))).toEqual({
      id: second.id,
      code: 'CX2',
      name: 'Caixa 2',
    });
    expect(session.registerId).toBe(second.id);
    expect(expectOk(app.dispatch('app.status', {}, session)).register).toMatchObject({ code: 'CX2' });

    // The choice belongs to the device: a later sign-in on this computer works at Caixa 2.
    const later = newSession();
    expectOk(app.dispatch('auth.login', { login: OWNER.login, pin: OWNER.pin }, later));
    expect(later.registerId).toBe(second.id);
    const caixa = expectOk(app.dispatch('cash.open', { opening_float_cents: 0 }, later)) as {
      register: { code: string };
    };
    expect(caixa.register.code).toBe('CX2');
  });

  it('refuses an unknown or inactive register and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = session.registerId;
    const off = expectOk(app.dispatch('registers.upsert', { code: 'CX3', name: 'Caixa 3', active: false }, session));
    for (const register_id of ['nope', off.id]) {
      const res = app.dispatch('device.register.set', { register_id }, session);
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'register_not_found', message: 'Caixa não encontrado ou inativo nesta loja.' },
      });
    }
    expect(session.registerId).toBe(before);
    expect(expectOk(app.dispatch('app.status', {}, session)).register).toMatchObject({ code: 'CX1' });
  });
});
