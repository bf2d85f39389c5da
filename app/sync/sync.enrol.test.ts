import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { openSetUpApp, openTestApp } from '../../test/helpers';
import { startFakeSyncServer, type FakeSyncServer } from '../../test/fake-sync-server';
import { newSession } from '../contract/context';
import { AppError } from '../contract/errors';
import { enrolDevice } from './sync.enrol';

let server: FakeSyncServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A local port with nothing listening: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((done) => s.close(() => done()));
  return port;
}

const now = () => new Date('2026-11-30T12:00:00.000Z');

async function enrolError(promise: Promise<unknown>): Promise<{ code: string; userMessage: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, userMessage: error.userMessage };
    throw error;
  }
  throw new Error('expected an enrolment error');
}

describe('sync enrolment', () => {
  it('stores the identity the server gives and reports it without the token', async () => {
    const { app, session } = await openSetUpApp();
    server = await startFakeSyncServer();
    const view = await enrolDevice(app.db, { server_url: `${server.url}/`, code: 'CODIGO-1' }, { now });
    expect(view).toMatchObject({ enrolled: true, tenant_id: 'T1' });
    const status = app.dispatch('sync.status', {}, session);
    expect(status.ok && status.value).toMatchObject({ enrolled: true, tenant_id: 'T1', connected: true });
    expect(JSON.stringify(status)).not.toContain(server.token);
    expect(app.db.raw.prepare('SELECT token FROM sync_device').pluck().get()).toBe(server.token);
  });

  it('explains in pt-BR a refused code, an unreachable server and a second enrolment', async () => {
    const { app } = await openSetUpApp();
    server = await startFakeSyncServer();
    expect(await enrolError(enrolDevice(app.db, { server_url: server.url, code: 'ERRADO' }, { now }))).toEqual({
      code: 'sync_enrol_refused',
      userMessage: 'Código de vinculação inválido, já usado ou expirado. Gere outro no servidor.',
    });
    const port = await closedPort();
    expect(
      await enrolError(enrolDevice(app.db, { server_url: `http://127.0.0.1:${port}`, code: 'X' }, { now })),
    ).toEqual({
      code: 'sync_unreachable',
      userMessage: `Não foi possível falar com o servidor http://127.0.0.1:${port}. Verifique o endereço e a conexão.`,
    });
    expect(app.db.raw.prepare('SELECT count(*) FROM sync_device').pluck().get()).toBe(0);
    await enrolDevice(app.db, { server_url: server.url, code: 'CODIGO-1' }, { now });
    expect(await enrolError(enrolDevice(app.db, { server_url: server.url, code: 'CODIGO-1' }, { now }))).toEqual({
      code: 'sync_already_enrolled',
      userMessage: `Este computador já está vinculado ao servidor ${server.url}.`,
    });
  });

  it('refuses through sync.enrol before setup, with a bad URL, or an unreachable server — nothing stored', async () => {
    const bare = await openTestApp();
    const system = newSession(true);
    const notSetUp = bare.dispatch('sync.enrol', { server_url: 'http://127.0.0.1:1', code: 'X' }, system);
    expect(notSetUp).toEqual({
      ok: false,
      error: { code: 'setup_required', message: 'Configure a loja antes de vincular este computador.' },
    });
    const { app, session } = await openSetUpApp();
    const badUrl = app.dispatch('sync.enrol', { server_url: 'servidor.local', code: 'X' }, session);
    expect(badUrl.ok ? null : badUrl.error).toMatchObject({
      code: 'invalid_input',
      message: 'Dados inválidos (server_url: Informe o endereço do servidor, começando com http:// ou https://.).',
    });
    const port = await closedPort();
    const down = app.dispatch('sync.enrol', { server_url: `http://127.0.0.1:${port}`, code: 'ABC' }, session);
    expect(down).toEqual({
      ok: false,
      error: {
        code: 'sync_unreachable',
        message: `Não foi possível falar com o servidor http://127.0.0.1:${port}. Verifique o endereço e a conexão.`,
      },
    });
    expect(app.dispatch('sync.enrol', { server_url: 'http://x.y', code: 'A' }, newSession())).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(app.db.raw.prepare('SELECT count(*) FROM sync_device').pluck().get()).toBe(0);
  });
});
