import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../test/helpers';
import { applyOk } from '../test/sales-fixtures';
import type { Balcao } from '../app/balcao';
import { newSession } from '../app/contract/context';
import { enrolDevice } from '../app/sync/sync.enrol';
import { pushUntilDone } from '../app/sync/sync.push';
import { createEnrolmentCode, createTenant } from './admin';
import type { SyncServer } from './server';
import { describeEngines, testServer } from './testing';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };

/** Every personal value the person had at some point; none may be left in any central table. */
const PERSONAL = [
  'Maria Souza',
  'Maria S. Souza',
  '52998224725',
  '987654321',
  '912345678',
  'maria.souza@exemplo.com.br',
  'maria@antigo.com.br',
  'Indicada pela vizinha Joana',
  'Ligou pedindo desconto',
];

/** Every row of every central table as text, with the table's name. */
async function centralText(server: SyncServer): Promise<{ table: string; text: string }[]> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`.execute(
    server.central.db,
  );
  const out: { table: string; text: string }[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ t: string }>`SELECT t::text AS t FROM ${sql.table(name)} AS t`.execute(
      server.central.db,
    );
    for (const r of rows) out.push({ table: name, text: r.t });
  }
  return out;
}

/** GET /v1/shape from offset -1 until up to date, as a new client would: the rows it receives. */
async function shapeFromScratch(server: SyncServer, token: string, table: string): Promise<Record<string, unknown>[]> {
  const values: Record<string, unknown>[] = [];
  let query = `table=${table}&offset=-1`;
  for (let page = 0; page < 50; page++) {
    const res = await fetch(`${server.url}/v1/shape?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const messages = (await res.json()) as { value?: Record<string, unknown> }[];
    for (const m of messages) if (m.value) values.push(m.value);
    if (res.headers.get('electric-up-to-date') !== null) return values;
    query = `table=${table}&offset=${res.headers.get('electric-offset')}&handle=${res.headers.get('electric-handle')}`;
  }
  throw new Error('the shape never came up to date');
}

describeEngines('anonymization reaches central history', (engine) => {
  let server: SyncServer;
  let app: Balcao;
  let token: string;
  beforeAll(async () => {
    server = await testServer(engine);
    const tenantId = (await createTenant(server.central.db, 'Clínica Central')).tenant_id;
    const desk = await openSetUpApp();
    app = desk.app;
    const { enrolment_code } = await createEnrolmentCode(server.central.db, tenantId);
    await enrolDevice(app.db, { server_url: server.url, code: enrolment_code }, clock);
    token = app.db.raw.prepare('SELECT token FROM sync_device').pluck().get() as string;
  }, 180_000);

  it('after anonymize + push no earlier name, CPF, phone or e-mail is in any central table; a shape from -1 shows only the anonymized row', async () => {
    const cli = newSession(true);
    // Three versions of the person reach the server, each in its own push: the log holds them all.
    applyOk(app, cli, 'update_customer_data', {
      external_id: 'P1',
      name: 'Maria S. Souza',
      cpf: '529.982.247-25',
      phone: '11912345678',
      email: 'maria@antigo.com.br',
    });
    expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');
    applyOk(app, cli, 'update_customer_data', {
      external_id: 'P1',
      name: 'Maria Souza',
      phone: '11987654321',
      email: 'maria.souza@exemplo.com.br',
    });
    const lead = expectOk(
      app.dispatch(
        'leads.upsert',
        { name: 'Maria Souza', phone: '11987654321', origin: 'instagram', notes: 'Indicada pela vizinha Joana' },
        cli,
      ),
    );
    expectOk(
      app.dispatch('leads.addActivity', { lead_id: lead.id, kind: 'call', body: 'Ligou pedindo desconto' }, cli),
    );
    expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');
    const before = (await centralText(server)).filter((r) => PERSONAL.some((v) => r.text.includes(v)));
    expect(new Set(before.map((r) => r.table))).toEqual(new Set(['customers', 'leads', 'lead_activities', 'sync_log']));

    const done = expectOk(app.dispatch('privacy.anonymize', { customer_external_id: 'P1' }, cli));
    expect((await pushUntilDone(app.db, { clock })).stopped).toBe('done');

    const left = (await centralText(server)).filter((r) => PERSONAL.some((v) => r.text.includes(v)));
    expect(left).toEqual([]);
    // The history is still there, with the anonymized values in place of the old ones.
    const { rows: history } = await sql<{ columns: Record<string, unknown> }>`
      SELECT columns FROM sync_log WHERE table_name = 'customers' AND row_id = ${done.customer_id} ORDER BY seq`.execute(
      server.central.db,
    );
    expect(history.length).toBeGreaterThanOrEqual(3);
    for (const entry of history) {
      if ('name' in entry.columns) expect(entry.columns.name).toBe(`Titular anonimizado ${done.customer_id.slice(-6)}`);
      if ('cpf' in entry.columns) expect(entry.columns.cpf).toBeNull();
      if ('phone' in entry.columns) expect(entry.columns.phone).toBeNull();
    }

    const shape = await shapeFromScratch(server, token, 'customers');
    const maria = shape.filter((v) => v.id === done.customer_id);
    expect(maria).toHaveLength(1);
    expect(maria[0]).toMatchObject({
      name: `Titular anonimizado ${done.customer_id.slice(-6)}`,
      cpf: null,
      phone: null,
      email: null,
    });
    expect(JSON.stringify(shape)).not.toMatch(/Maria|52998224725|987654321|exemplo\.com/);
  });
});
