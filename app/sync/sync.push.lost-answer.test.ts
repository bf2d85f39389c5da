import { afterEach, expect, it } from 'vitest';
import { openStoreWithCatalog } from '../../test/sales-fixtures';
import { startFakeSyncServer, type FakeSyncServer } from '../../test/fake-sync-server';
import { enrolDevice } from './sync.enrol';
import { pushUntilDone } from './sync.push';

const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
let server: FakeSyncServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// A push whose answer is lost (the server committed, the connection was cut before the answer):
// the rows stay pending — and their columns held against pulls — only until the retry, which
// resends the same mutation ids; the server answers them as already applied, applies nothing twice,
// and every row is acknowledged (nothing stays held).
it('a push whose answer is lost is resent, answered as skipped, applied once, and nothing stays pending', async () => {
  const { app } = await openStoreWithCatalog();
  server = await startFakeSyncServer();
  await enrolDevice(app.db, { server_url: server.url, code: 'CODIGO-1' }, { now: clock.now });
  const pendingIds = () =>
    app.db.raw
      .prepare('SELECT mutation_id FROM sync_outbox WHERE pushed_at IS NULL AND rejected_code IS NULL ORDER BY seq')
      .pluck()
      .all() as string[];
  const all = pendingIds();
  expect(all.length).toBeGreaterThan(10);

  server.mode = 'lose_answer';
  const lost = await pushUntilDone(app.db, { clock });
  expect(lost.stopped).toBe('unreachable');
  expect(pendingIds()).toEqual(all);
  expect([...server.applied.keys()].sort()).toEqual([...all].sort());

  server.mode = 'ok';
  const retry = await pushUntilDone(app.db, { clock });
  expect(retry).toEqual({ pushed: 0, skipped: all.length, rejected: 0, pending: 0, stopped: 'done' });
  expect(pendingIds()).toEqual([]);
  // Sent twice, applied once each.
  expect(server.batches.flat().map((m) => m.mutation_id)).toEqual([...all, ...all]);
  expect(server.applied.size).toBe(all.length);
});
