import { describe, expect, it } from 'vitest';
import { dumpContent, expectOk, openSetUpApp, openTestApp } from '../../test/helpers';
import { applyChanges } from '../sync/sync.apply';
import { putSetting } from '../settings/settings.queries';
import { DEVICE_STORE_KEY } from '../settings/device.settings';
import { readLogo } from '../reports/report.logo';
import { LEGACY_LOGO_KEY } from './store-logo';

/** A tiny PNG: the 8-byte signature and some bytes (the signature is what is checked). */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-logo')]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
const NOW = '2026-11-30T12:00:00.000Z';

function outbox(app: Awaited<ReturnType<typeof openSetUpApp>>['app']) {
  return app.db.raw
    .prepare(`SELECT kind, row_id, payload FROM sync_outbox WHERE table_name = 'store_logos' ORDER BY seq`)
    .all() as { kind: string; row_id: string; payload: string }[];
}

describe('store logo (store.logo / store.set_logo, synced in store_logos)', () => {
  it('refuses anything but PNG/JPEG up to 512 KB with a pt-BR message, changing nothing', async () => {
    const { app, session } = await openSetUpApp();
    const before = dumpContent(app.db);
    const refuse = (base64: string) => {
      const r = app.dispatch('store.set_logo', { base64 }, session);
      return r.ok ? 'ok' : [r.error.code, r.error.message];
    };
    expect(refuse(Buffer.from('GIF89a....').toString('base64'))).toEqual([
      'invalid_logo',
      'Envie o logo em PNG ou JPEG.',
    ]);
    // A PNG signature over 512 KB of bytes (under the schema's character bound).
    const big = Buffer.concat([PNG, Buffer.alloc(512 * 1024)]);
    expect(refuse(big.toString('base64'))).toEqual(['logo_too_large', 'O logo pode ter no máximo 512 KB.']);
    const bad = app.dispatch('store.set_logo', { base64: 'não é base64!' }, session);
    expect(bad.ok ? [] : bad.error.details).toMatchObject({
      issues: [{ path: 'base64', message: 'Envie o logo em PNG ou JPEG.' }],
    });
    expect(dumpContent(app.db)).toEqual(before);
    expect(expectOk(app.dispatch('store.logo', {}, session))).toEqual({ has_logo: false, mime: null, base64: null });
  });

  it('writes through the outbox (insert, then only what changed) so the store’s other desktops get it', async () => {
    const { app, session } = await openSetUpApp();
    const storeId = expectOk(app.dispatch('store.get', {}, session)).id;
    expect(expectOk(app.dispatch('store.set_logo', { base64: PNG.toString('base64') }, session))).toEqual({
      has_logo: true,
      mime: 'image/png',
    });
    expect(expectOk(app.dispatch('store.set_logo', { base64: JPEG.toString('base64') }, session)).mime).toBe(
      'image/jpeg',
    );
    expect(expectOk(app.dispatch('store.logo', {}, session))).toEqual({
      has_logo: true,
      mime: 'image/jpeg',
      base64: JPEG.toString('base64'),
    });
    const rows = outbox(app);
    expect(rows.map((r) => [r.kind, r.row_id])).toEqual([
      ['insert', storeId],
      ['update', storeId],
    ]);
    const inserted = JSON.parse(rows[0]?.payload ?? '{}') as Record<string, unknown>;
    expect(inserted).toMatchObject({
      id: storeId,
      store_id: storeId,
      mime: 'image/png',
      logo_base64: PNG.toString('base64'),
    });
    expect(Object.keys(JSON.parse(rows[1]?.payload ?? '{}') as object).sort()).toEqual([
      'logo_base64',
      'mime',
      'updated_at',
    ]);

    // Another desktop of the same store pulls the store and its logo: its reports show it.
    const other = await openTestApp();
    const storeRow = app.db.raw.prepare('SELECT * FROM stores WHERE id = ?').get(storeId) as Record<string, unknown>;
    const logoRow = app.db.raw.prepare('SELECT * FROM store_logos WHERE id = ?').get(storeId) as Record<
      string,
      unknown
    >;
    other.db.transaction(() => {
      applyChanges(
        other.db,
        { table: 'stores', kind: 'record', key: 'id' },
        [{ operation: 'insert', value: storeRow }],
        NOW,
      );
      applyChanges(
        other.db,
        { table: 'store_logos', kind: 'record', key: 'id' },
        [{ operation: 'insert', value: logoRow }],
        NOW,
      );
    });
    putSetting(other.db, DEVICE_STORE_KEY, storeId, NOW);
    expect(readLogo(other.db)).toEqual({ mime: 'image/jpeg', data: JPEG });

    expect(expectOk(app.dispatch('store.set_logo', { base64: null }, session))).toEqual({
      has_logo: false,
      mime: null,
    });
    expect(readLogo(app.db)).toBeNull();
    expect(outbox(app).map((r) => r.kind)).toEqual(['insert', 'update', 'update']);
    // The audit trail says the logo changed, without copying its bytes.
    const audit = app.db.raw
      .prepare(`SELECT changes FROM audit_log WHERE operation = 'store.set_logo' ORDER BY seq`)
      .pluck()
      .all() as string[];
    expect(audit).toHaveLength(3);
    for (const changes of audit) expect(changes).not.toContain(PNG.toString('base64').slice(0, 12));
    expect(audit[0]).toContain('•••');
  });

  it('still reads the device setting an earlier version kept, until the store gets a logo row', async () => {
    const { app, session } = await openSetUpApp();
    putSetting(app.db, LEGACY_LOGO_KEY, { mime: 'image/png', base64: PNG.toString('base64') }, NOW);
    expect(expectOk(app.dispatch('store.logo', {}, session)).mime).toBe('image/png');
    expect(readLogo(app.db)).toEqual({ mime: 'image/png', data: PNG });
    expectOk(app.dispatch('store.set_logo', { base64: null }, session));
    expect(expectOk(app.dispatch('store.logo', {}, session)).has_logo).toBe(false);
  });
});
