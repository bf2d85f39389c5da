import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openBalcao } from '../balcao';
import { newSession } from '../contract/context';
import { expectOk, OWNER, tempDir } from '../../test/helpers';
import { startFakeSyncServer, type FakeSyncServer } from '../../test/fake-sync-server';
import { startWebProcess } from '../../test/processes';
import { enrolDevice } from './sync.enrol';

let server: FakeSyncServer | undefined;
const stops: (() => void)[] = [];
afterEach(async () => {
  while (stops.length) stops.pop()?.();
  await server?.close();
  server = undefined;
});

describe('npm run web', () => {
  it('pushes the outbox in the background, without anyone asking', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'balcao.sqlite3');
    server = await startFakeSyncServer();
    const app = await openBalcao(dbPath);
    expectOk(app.dispatch('store.setup', { store: { name: 'Loja Centro', code: 'LJ01' }, owner: OWNER }, newSession()));
    await enrolDevice(app.db, { server_url: server.url, code: 'CODIGO-1' }, { now: () => new Date() });
    const expected = app.db.raw.prepare('SELECT mutation_id FROM sync_outbox ORDER BY seq').pluck().all();
    app.close();

    const web = await startWebProcess(dbPath, join(dir, 'static'));
    stops.push(() => web.stop());
    for (let i = 0; i < 200 && server.applied.size < expected.length; i++) await sleep(50);
    expect([...server.applied.keys()]).toEqual(expected);
  });
});
