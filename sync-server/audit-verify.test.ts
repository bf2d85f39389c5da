import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { expectOk, openSetUpApp } from '../test/helpers';
import { newSession } from '../app/contract/context';
import { enrolDevice } from '../app/sync/sync.enrol';
import { pushUntilDone } from '../app/sync/sync.push';
import { createEnrolmentCode, createTenant } from './admin';
import { main } from './cli';
import { verifyCentralAudit } from './audit-verify';
import type { SyncServer } from './server';
import { describeEngines, seededSyncDataDir, testServer } from './testing';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

describeEngines('central copy of the audit trail', (engine) => {
  let server: SyncServer;
  let tenantId: string;
  beforeAll(async () => {
    server = await testServer(engine);
    tenantId = (await createTenant(server.central.db, 'Loja Auditada')).tenant_id;
    const { app } = await openSetUpApp();
    for (const name of ['Ana', 'Bia', 'Caio']) {
      expectOk(app.dispatch('customers.upsert', { external_id: name, name }, newSession(true)));
    }
    const { enrolment_code } = await createEnrolmentCode(server.central.db, tenantId);
    await enrolDevice(app.db, { server_url: server.url, code: enrolment_code }, clock);
    expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');
  }, 180_000);

  it('verifies the pushed chain, then finds a row edited and a row deleted centrally', async () => {
    const good = await verifyCentralAudit(server.central.db, tenantId);
    expect(good.ok).toBe(true);
    expect(good.rows).toBeGreaterThanOrEqual(4); // store.setup and three customers.upsert

    await sql`UPDATE audit_log SET operation = 'customers.get' WHERE tenant_id = ${tenantId} AND seq = 3`.execute(
      server.central.db,
    );
    const edited = await verifyCentralAudit(server.central.db, tenantId);
    expect(edited).toMatchObject({ ok: false, first_bad_row: 3, problem: { reason: 'hash' } });

    await sql`DELETE FROM audit_log WHERE tenant_id = ${tenantId} AND seq = 3`.execute(server.central.db);
    const deleted = await verifyCentralAudit(server.central.db, tenantId);
    expect(deleted).toMatchObject({ ok: false, first_bad_row: 3, problem: { reason: 'seq' } });
  });
});

describe('sync-server audit-verify', () => {
  it('prints the verdict of a tenant chain as JSON (exit 0 when intact)', async () => {
    const env = { SYNC_DATA_DIR: await seededSyncDataDir() };
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['create-tenant', '--name', 'Rede Y', '--json'], env)).toBe(0);
      const tenant = (JSON.parse(String(log.mock.calls[0]?.[0])) as { tenant_id: string }).tenant_id;
      expect(await main(['audit-verify', '--tenant', tenant, '--json'], env)).toBe(0);
      expect(JSON.parse(String(log.mock.calls[1]?.[0]))).toEqual({ ok: true, rows: 0 });
    } finally {
      log.mockRestore();
    }
    // The CLI creates its own embedded database (initdb and every central migration): seconds,
    // more on a loaded CI machine.
  }, 120_000);
});
