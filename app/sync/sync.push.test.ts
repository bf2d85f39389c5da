import { afterEach, describe, expect, it } from 'vitest';
import { openStoreWithCatalog, applyOk, saleData } from '../../test/sales-fixtures';
import { expectOk } from '../../test/helpers';
import { startFakeSyncServer, type FakeSyncServer } from '../../test/fake-sync-server';
import type { Balcao } from '../balcao';
import { enrolDevice } from './sync.enrol';
import { Pusher, pushUntilDone } from './sync.push';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
let server: FakeSyncServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function enrolledStore() {
  const { app, session } = await openStoreWithCatalog();
  server = await startFakeSyncServer();
  await enrolDevice(app.db, { server_url: server.url, code: 'CODIGO-1' }, { now: clock.now });
  return { app, session, server };
}

function outbox(app: Balcao) {
  return app.db.raw
    .prepare('SELECT seq, mutation_id, pushed_at, rejected_code, rejected_message FROM sync_outbox ORDER BY seq')
    .all() as {
    seq: number;
    mutation_id: string;
    pushed_at: string | null;
    rejected_code: string | null;
    rejected_message: string | null;
  }[];
}

describe('sync push', () => {
  it('sends the outbox in seq order in bounded batches and acknowledges only what the server answered', async () => {
    const { app, server } = await enrolledStore();
    const total = outbox(app).length;
    expect(total).toBeGreaterThan(10);
    const summary = await pushUntilDone(app.db, { clock, batchSize: 4 });
    expect(summary).toEqual({ pushed: total, skipped: 0, rejected: 0, pending: 0, stopped: 'done' });
    const sent = server.batches.flat().map((m) => m.device_seq);
    expect(sent).toEqual(outbox(app).map((r) => r.seq));
    expect(server.batches.every((b) => b.length <= 4)).toBe(true);
    expect(outbox(app).every((r) => r.pushed_at === '2026-11-30T12:00:00.000Z')).toBe(true);
    // Columns travel as written: the store row is the whole row, with its id as row_id.
    const store = server.batches[0]?.[0];
    expect(store?.table).toBe('stores');
    expect(store?.op).toBe('insert');
    expect(store?.columns.code).toBe('LJ01');
  });

  it('acknowledges nothing while the server is down, and a resent batch counts as skipped', async () => {
    const { app, session, server } = await enrolledStore();
    server.mode = 'down';
    const down = await pushUntilDone(app.db, { clock });
    expect(down.stopped).toBe('unreachable');
    expect(down.pushed).toBe(0);
    expect(outbox(app).every((r) => r.pushed_at === null)).toBe(true);
    // The server applied a batch but the device never saw the answer (killed): it resends it.
    server.mode = 'ok';
    const first = outbox(app).slice(0, 3);
    for (const row of first) server.applied.set(row.mutation_id, {} as never);
    applyOk(app, session, 'register_sale', saleData());
    const up = await pushUntilDone(app.db, { clock });
    expect(up.skipped).toBe(3);
    expect(up.pushed).toBe(outbox(app).length - 3);
    expect(up.pending).toBe(0);
  });

  it('keeps a rejected mutation on the device with its reason, never resends it, and shows it in sync.status', async () => {
    const { app, session, server } = await enrolledStore();
    const victim = outbox(app)[2];
    if (!victim) throw new Error('no outbox');
    server.rejectIds.set(victim.mutation_id, { code: 'foreign_store', reason: 'row names another store' });
    const summary = await pushUntilDone(app.db, { clock });
    expect(summary.rejected).toBe(1);
    expect(summary.pending).toBe(0);
    const row = outbox(app).find((r) => r.mutation_id === victim.mutation_id);
    expect(row).toMatchObject({
      pushed_at: null,
      rejected_code: 'foreign_store',
      rejected_message: 'row names another store',
    });
    const before = server.batches.length;
    const again = await pushUntilDone(app.db, { clock });
    expect(again).toMatchObject({ pushed: 0, rejected: 0, pending: 0, stopped: 'done' });
    expect(server.batches.length).toBe(before);
    const status = expectOk(app.dispatch('sync.status', {}, session));
    expect(status.rejected.total).toBe(1);
    expect(status.rejected.items[0]).toMatchObject({
      mutation_id: victim.mutation_id,
      code: 'foreign_store',
      message: 'row names another store',
    });
    expect(status.pending).toEqual({ count: 0, oldest_at: null });
    expect(JSON.stringify(status)).not.toContain(server.token);
  });

  it('splits a batch the server refuses as a whole until the one bad mutation is rejected alone', async () => {
    const { app, server } = await enrolledStore();
    const rows = outbox(app);
    const bad = rows[5];
    if (!bad) throw new Error('no outbox');
    server.poisonIds.add(bad.mutation_id);
    const summary = await pushUntilDone(app.db, { clock, batchSize: 8 });
    expect(summary).toMatchObject({ pushed: rows.length - 1, rejected: 1, pending: 0, stopped: 'done' });
    expect(outbox(app).find((r) => r.mutation_id === bad.mutation_id)).toMatchObject({
      pushed_at: null,
      rejected_code: 'unknown_column',
    });
    // Everything else reached the server in seq order.
    expect([...server.applied.values()].map((m) => m.device_seq)).toEqual(
      rows.filter((r) => r !== bad).map((r) => r.seq),
    );
  });

  it('rejects at once the mutation a refused batch names, and sends the rest', async () => {
    const { app, server } = await enrolledStore();
    const rows = outbox(app);
    const bad = rows[5];
    if (!bad) throw new Error('no outbox');
    server.poisonIds.add(bad.mutation_id);
    server.nameCulprit = true;
    const summary = await pushUntilDone(app.db, { clock });
    expect(summary).toMatchObject({ pushed: rows.length - 1, rejected: 1, pending: 0, stopped: 'done' });
    // One refused batch, then one batch with everything else.
    expect(server.batches.map((b) => b.length)).toEqual([rows.length, rows.length - 1]);
  });

  it('stops on a refused token and says so in pt-BR in sync.status', async () => {
    const { app, session, server } = await enrolledStore();
    server.token = 'another-token';
    const step = await new Pusher(app.db, { clock }).step();
    expect(step.kind).toBe('unauthorized');
    const status = expectOk(app.dispatch('sync.status', {}, session));
    expect(status.connected).toBe(false);
    expect(status.last_error).toEqual({
      code: 'sync_unauthorized',
      message: 'O servidor recusou este computador (dispositivo revogado ou desconhecido). Vincule-o novamente.',
    });
    expect(status.pending.count).toBe(outbox(app).length);
  });
});
