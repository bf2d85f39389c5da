import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk, OWNER } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { newSession } from '../contract/context';
import { cookieOf, rpc, startBridge } from '../web/web.fixtures';
import { restoreRunningApp, routeOperation } from './backup.live';
import { runBackup } from './backup.service';

type Answer = { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
const json = (text: string) => JSON.parse(text) as Answer;

function saleIds(path: string): string[] {
  const raw = new BetterSqlite3(path, { readonly: true });
  try {
    return (raw.prepare('SELECT external_id FROM sales ORDER BY external_id').all() as { external_id: string }[]).map(
      (r) => r.external_id,
    );
  } finally {
    raw.close();
  }
}

/** A store with sale S-1, a backup of it in the backup folder, then sale S-2 after the backup. */
async function storeWithBackup() {
  const { app, session } = await openStoreWithCatalog();
  applyOk(app, session, 'register_sale', saleData({ external_id: 'S-1' }));
  const backup = await runBackup(app.db, 'manual', app.clock);
  applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2' }));
  const bridge = await startBridge({ app });
  const login = await rpc(bridge.port, 'auth.login', { login: OWNER.login, pin: OWNER.pin });
  const cookie = cookieOf(login);
  if (!cookie) throw new Error('no session cookie');
  return { app, session, bridge, cookie, backup, name: basename(backup.file) };
}

describe('restore inside the running app (backup.restore)', () => {
  it('lists the backup folder; restoring through the bridge reopens on the backup, keeps the old data aside and signs everyone out', async () => {
    const { app, session, bridge, cookie, name } = await storeWithBackup();
    const status = json((await rpc(bridge.port, 'backup.status', {}, { cookie })).text);
    expect(status.value?.files).toEqual([
      expect.objectContaining({ name, verified: true, trigger: 'manual' }) as unknown,
    ]);
    expect(saleIds(app.path)).toEqual(['S-1', 'S-2']);
    const dbBefore = app.db;

    const res = await rpc(bridge.port, 'backup.restore', { name }, { cookie });
    const answer = json(res.text);
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ restored_from: name, signed_out: true });
    // The caller's cookie is cleared; the database is a new connection on the restored file.
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    expect(app.db).not.toBe(dbBefore);
    expect(app.db.raw.open).toBe(true);
    expect(dbBefore.raw.open).toBe(false);

    // The sale made after the backup is gone from the live data...
    const sales = expectOk(app.dispatch('sales.query', {}, newSession(true)));
    expect(sales.sales.map((s) => s.external_id)).toEqual(['S-1']);
    // ...and kept in the file set aside.
    const aside = String(answer.value?.previous_kept_as);
    expect(basename(aside)).toMatch(/^balcao-antes-da-restauracao-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.sqlite3$/);
    expect(dirname(aside)).toBe(dirname(app.path));
    expect(saleIds(aside)).toEqual(['S-1', 'S-2']);

    // Every session of the process is dropped: the old cookie is a stranger now.
    const after = json((await rpc(bridge.port, 'backup.status', {}, { cookie })).text);
    expect(after.error?.code).toBe('unauthenticated');
    const me = json((await rpc(bridge.port, 'app.status', {}, { cookie })).text);
    expect(me.value?.user).toBeNull();
    // The in-process session the test held still works as before (not a transport's session).
    expect(session.userId).not.toBeNull();
    // The restore is in the restored database's audit trail.
    const audited = app.db.raw
      .prepare("SELECT count(*) FROM audit_log WHERE operation = 'backup.restore'")
      .pluck()
      .get() as number;
    expect(audited).toBe(1);
    // The reopened database takes writes and signs in again.
    const again = await rpc(bridge.port, 'auth.login', { login: OWNER.login, pin: OWNER.pin });
    expect(json(again.text).ok).toBe(true);
    applyOk(app, newSession(true), 'register_sale', saleData({ external_id: 'S-3' }));
    expect(saleIds(app.path)).toEqual(['S-1', 'S-3']);
  });

  it('a corrupted backup is refused with a pt-BR message: same file, same connection, same data, sessions kept', async () => {
    const { app, bridge, cookie, backup, name } = await storeWithBackup();
    const bytes = readFileSync(backup.file);
    bytes.fill(0x41, 4096 + 100, 4096 + 400); // garble the second page
    writeFileSync(backup.file, bytes);
    const dbBefore = app.db;
    const before = dumpContent(app.db);

    const answer = json((await rpc(bridge.port, 'backup.restore', { name }, { cookie })).text);
    expect(answer.error).toEqual({
      code: 'backup_corrupted',
      message: 'O arquivo de backup foi alterado depois de gravado (o SHA-256 não confere); nada foi alterado.',
    });
    expect(app.db).not.toBe(dbBefore); // reopened on the same file
    expect(dumpContent(app.db)).toEqual(before);
    expect(saleIds(app.path)).toEqual(['S-1', 'S-2']);
    expect(readdirSync(dirname(app.path)).filter((f) => f.includes('antes-da-restauracao'))).toEqual([]);
    // Still signed in.
    expect(json((await rpc(bridge.port, 'backup.status', {}, { cookie })).text).ok).toBe(true);
  });

  it('a file that is not a database, sent from the browser, is refused and nothing changes', async () => {
    const { app, bridge, cookie } = await storeWithBackup();
    const before = dumpContent(app.db);
    const content = Buffer.from('isto não é um banco de dados'.repeat(200)).toString('base64');
    const answer = json(
      (await rpc(bridge.port, 'backup.restore_upload', { name: 'x.sqlite3', content_base64: content }, { cookie }))
        .text,
    );
    expect(answer.error?.code).toBe('backup_corrupted');
    expect(dumpContent(app.db)).toEqual(before);
    expect(readdirSync(dirname(app.path)).filter((f) => f.includes('.envio'))).toEqual([]);
  });

  it('an uploaded backup is restored like one from the folder', async () => {
    const { app, bridge, cookie, backup } = await storeWithBackup();
    const content = readFileSync(backup.file).toString('base64');
    const answer = json(
      (
        await rpc(
          bridge.port,
          'backup.restore_upload',
          { name: 'de-casa.sqlite3', content_base64: content },
          { cookie },
        )
      ).text,
    );
    expect(answer.ok).toBe(true);
    expect(saleIds(app.path)).toEqual(['S-1']);
  });

  it('a manager may not restore; operations arriving during a restore get restore_in_progress, never internal_error', async () => {
    const { app, session, name } = await storeWithBackup();
    expectOk(app.dispatch('users.create', { name: 'Gil', login: 'gil', pin: '4321', role: 'manager' }, session));
    const manager = newSession();
    expectOk(app.dispatch('auth.login', { login: 'gil', pin: '4321' }, manager));
    const route = routeOperation(app);
    const refused = await route('backup.restore', { name }, manager);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const plan = expectOk(app.dispatch('backup.restore', { name }, session));
    const restoring = restoreRunningApp(app, plan, session);
    const during = [
      await route('sales.query', {}, session),
      app.dispatch('sales.query', {}, session),
      await route('backup.restore', { name }, session),
    ];
    for (const r of during) {
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'restore_in_progress',
          message: 'Um backup está sendo restaurado. Aguarde alguns segundos e tente de novo.',
          details: { retryable: true },
        },
      });
    }
    await restoring;
    expect(app.unavailable()).toBeNull();
    expect(saleIds(app.path)).toEqual(['S-1']);
  });
});
