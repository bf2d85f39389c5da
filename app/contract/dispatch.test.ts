import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from './dispatch';
import { op } from './define';
import { newSession } from './context';
import { AppError } from './errors';
import { dumpContent, openSetUpApp } from '../../test/helpers';
import { putSetting } from '../settings/settings.queries';

async function appWithFaultyOps() {
  const { app, session } = await openSetUpApp();
  const dispatch = createDispatcher(
    {
      'test.writeThenThrow': op({
        input: z.object({ key: z.string() }),
        permission: 'user',
        handler: (ctx, input) => {
          putSetting(ctx.db, input.key, 'written', 'now');
          throw new Error('disk on fire');
        },
      }),
      'test.writeThenReject': op({
        input: z.object({}),
        permission: 'user',
        handler: (ctx) => {
          putSetting(ctx.db, 'half', 'written', 'now');
          throw new AppError('nope', 'rejected for a test', 'Recusado.');
        },
      }),
      'test.ownerOnly': op({ input: z.object({}), permission: 'users.manage', handler: () => 'ok' }),
    },
    { db: app.db },
  );
  return { app, session, dispatch };
}

describe('dispatcher', () => {
  it('answers an unknown operation with unknown_operation and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = dumpContent(app.db);
    const result = app.dispatch('sales.nonexistent', {}, session);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unknown_operation',
        message: expect.stringContaining('desconhecida'),
        details: { op: 'sales.nonexistent' },
      },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('answers schema failures with invalid_input and the field paths, changing nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = dumpContent(app.db);
    const result = app.dispatch('store.update', { name: 'X', timezone: 'Mars/Olympus' }, session);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    const paths = (result.error.details?.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'timezone']));
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('rolls back a handler that throws, answers internal_error without a stack', async () => {
    const { app, session, dispatch } = await appWithFaultyOps();
    const before = dumpContent(app.db);
    const result = dispatch('test.writeThenThrow', { key: 'k' }, session);
    expect(result).toEqual({ ok: false, error: { code: 'internal_error', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('rolls back a rejected operation and returns its code and pt-BR message', async () => {
    const { app, session, dispatch } = await appWithFaultyOps();
    const before = dumpContent(app.db);
    expect(dispatch('test.writeThenReject', {}, session)).toEqual({
      ok: false,
      error: { code: 'nope', message: 'Recusado.' },
    });
    expect(dumpContent(app.db)).toEqual(before);
  });

  it('enforces permissions: no session is unauthenticated, a cashier is forbidden', async () => {
    const { dispatch } = await appWithFaultyOps();
    const anonymous = newSession();
    expect(dispatch('test.ownerOnly', {}, anonymous)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    const cashier = { ...newSession(), userId: 'u1', role: 'cashier' as const };
    expect(dispatch('test.ownerOnly', {}, cashier)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const owner = { ...newSession(), userId: 'u2', role: 'owner' as const };
    expect(dispatch('test.ownerOnly', {}, owner)).toEqual({ ok: true, value: 'ok' });
  });
});
