import { describe, expect, it } from 'vitest';
import { defineQuery, P } from './prepared';
import { openSetUpApp } from '../../test/helpers';

describe('defineQuery', () => {
  it('binds new values on every run and keeps constants of the built query', async () => {
    const { app } = await openSetUpApp();
    const byLogin = defineQuery((q) =>
      q.selectFrom('users').select(['name', 'role']).where('login', '=', P[0]).where('active', '=', 1),
    );
    expect(byLogin.first(app.db, 'ana')).toEqual({ name: 'Ana Dona', role: 'owner' });
    expect(byLogin.first(app.db, 'nobody')).toBeUndefined();
    app.db.raw.prepare("UPDATE users SET active = 0 WHERE login = 'ana'").run();
    expect(byLogin.all(app.db, 'ana')).toEqual([]);
  });
});
