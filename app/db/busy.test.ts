import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSetUpApp } from '../../test/helpers';

describe('a write lock held by another process', () => {
  it('answers database_busy (retryable, nothing written) once busy_timeout passes, then succeeds', async () => {
    const { app, session } = await openSetUpApp();
    app.db.raw.pragma('busy_timeout = 50');
    const other = new BetterSqlite3(app.db.raw.name);
    const input = { name: 'Caio Caixa', login: 'caio', role: 'cashier', pin: '5678' };
    try {
      other.exec('BEGIN IMMEDIATE');
      const busy = app.dispatch('users.create', input, session);
      expect(busy).toMatchObject({ ok: false, error: { code: 'database_busy' } });
      other.exec('COMMIT');
      expect(app.dispatch('users.create', input, session)).toMatchObject({ ok: true, value: { login: 'caio' } });
    } finally {
      other.close();
    }
  });
});
