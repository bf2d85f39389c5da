import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openSetUpApp } from '../../test/helpers';
import { startFakeSyncServer, type FakeSyncServer } from '../../test/fake-sync-server';
import { runCli } from '../cli/main';

let server: FakeSyncServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sync CLI', () => {
  it('enrols with --server and --code, then sync push prints { pushed, skipped, rejected, pending }', async () => {
    const { app } = await openSetUpApp();
    const db = app.db.raw.name;
    const total = app.db.raw.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;
    app.close();
    server = await startFakeSyncServer();
    const notEnrolled = await cli(['sync', 'push', '--db', db, '--json']);
    expect(notEnrolled).toMatchObject({ code: 1 });
    expect(JSON.parse(notEnrolled.out)).toEqual({
      ok: false,
      error: {
        code: 'sync_not_enrolled',
        message: 'Este computador não está vinculado a um servidor de sincronização.',
      },
    });
    const bad = await cli(['sync', 'enrol', '--db', db, '--server', server.url, '--json']);
    expect(JSON.parse(bad.out)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Dados inválidos (code: Informe o código de vinculação.).' },
    });
    const enrolled = await cli(['sync', 'enrol', '--db', db, '--server', server.url, '--code', 'CODIGO-1', '--json']);
    expect(JSON.parse(enrolled.out)).toMatchObject({ ok: true, value: { enrolled: true, tenant_id: 'T1' } });
    expect(enrolled.out).not.toContain(server.token);

    const pushed = await cli(['sync', 'push', '--db', db, '--json']);
    expect(pushed.code).toBe(0);
    expect(JSON.parse(pushed.out)).toEqual({ pushed: total, skipped: 0, rejected: 0, pending: 0 });

    // A change made while the server is down stays pending; the command says so (exit 3).
    server.mode = 'down';
    const raw = new BetterSqlite3(db);
    raw
      .prepare(
        `INSERT INTO sync_outbox (mutation_id, table_name, row_id, kind, payload, created_at)
         VALUES ('m-down', 'stores', 'x', 'update', '{"name":"Loja Nova"}', '2026-11-30T12:00:00.000Z')`,
      )
      .run();
    raw.close();
    const down = await cli(['sync', 'push', '--db', db, '--json']);
    expect(down.code).toBe(3);
    expect(JSON.parse(down.out)).toEqual({ pushed: 0, skipped: 0, rejected: 0, pending: 1 });
  });
});
