import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestApp } from '../../test/helpers';
import { syncedTableList } from './outbox';
import { pullUntilUpToDate } from './sync.pull';
import { inFirstSync } from './sync.pull.first';
import { saveIdentity } from './sync.state';

let refusing: Server;
let url: string;
beforeAll(async () => {
  // A server that refuses the token at once (401 stops the shape stream without retries).
  refusing = createServer((_req, res) => res.writeHead(401).end());
  await new Promise<void>((done) => refusing.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((done) => refusing.close(() => done())));

// The fault: first-sync mode (secondary indexes and derived triggers dropped) was entered by any
// pull that found every synced table empty, so an enrolled desktop whose pull stopped early
// went on selling with no stock-level, search or analytics triggers.
it('a normal pull of an enrolled desktop with empty synced tables drops no index nor trigger', async () => {
  const app = await openTestApp();
  const empty = syncedTableList().every(
    (t) => app.db.raw.prepare(`SELECT 1 FROM "${t.table}" LIMIT 1`).get() === undefined,
  );
  expect(empty).toBe(true);
  saveIdentity(app.db, {
    server_url: url,
    tenant_id: 't1',
    store_id: 's1',
    device_id: 'd1',
    token: 'bst_x',
    enrolled_at: '2026-11-30T12:00:00.000Z',
  });
  const schema = () =>
    app.db.raw.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name`).all();
  const before = schema();
  const pull = await pullUntilUpToDate(app.db, { clock: { now: () => new Date('2026-11-30T12:00:00.000Z') } });
  expect(pull.stopped).toBe('unauthorized');
  expect(inFirstSync(app.db)).toBe(false);
  expect(schema()).toEqual(before);
});
