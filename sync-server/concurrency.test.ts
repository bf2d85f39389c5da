import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { SyncServer } from './server';
import {
  describeEngines,
  enrolledDevice,
  mutation,
  productRow,
  push,
  stockRow,
  storeRow,
  testServer,
  type TestDevice,
} from './testing';

const DEVICES = 4;
const BATCHES = 6;
const PER_BATCH = 25;

describeEngines('concurrent pushes of one tenant', (engine) => {
  let server: SyncServer;
  beforeAll(async () => {
    server = await testServer(engine);
  }, 120_000);

  it('keep sync_log gap-free at every moment, each batch contiguous and in commit order', async () => {
    const first = await enrolledDevice(server);
    const devices: TestDevice[] = [first];
    for (let i = 1; i < DEVICES; i++) devices.push(await enrolledDevice(server, first.tenantId));
    const observations: { n: number; m: number }[] = [];
    let pushing = true;
    const observer = (async () => {
      while (pushing) {
        const { rows } = await sql<{ n: number; m: number }>`
          SELECT count(*)::int AS n, coalesce(max(seq), 0)::int AS m FROM sync_log WHERE tenant_id = ${first.tenantId}`.execute(
          server.central.db,
        );
        observations.push(rows[0]!);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const answers = await Promise.all(
      devices.map(async (device) => {
        const applied: string[][] = [];
        const store = mutation(device, 'stores', 'insert', device.storeId, storeRow(device.storeId));
        applied.push((await push(server, device.token, { mutations: [store] })).json.applied ?? []);
        for (let b = 0; b < BATCHES; b++) {
          const batch = Array.from({ length: PER_BATCH }, (_, i) => {
            const id = `${device.deviceId}-${b}-${i}`;
            return i % 2 === 0
              ? mutation(device, 'stock_movements', 'insert', id, stockRow(id, device.storeId, i + 1))
              : mutation(device, 'products', 'insert', id, productRow(id));
          });
          const result = await push(server, device.token, { mutations: batch });
          expect(result.status).toBe(200);
          applied.push(result.json.applied ?? []);
        }
        return applied;
      }),
    );
    pushing = false;
    await observer;

    const total = DEVICES * (1 + BATCHES * PER_BATCH);
    const { rows } = await sql<{ seq: number; mutation_id: string }>`
      SELECT seq::int AS seq, mutation_id FROM sync_log WHERE tenant_id = ${first.tenantId} ORDER BY seq`.execute(
      server.central.db,
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Never a higher seq visible before a lower one: count always equals the max seen.
    expect(observations.length).toBeGreaterThan(0);
    expect(observations.filter((o) => o.n !== o.m)).toEqual([]);
    // Each batch holds one contiguous run of seqs, in the batch's own order.
    const seqOf = new Map(rows.map((r) => [r.mutation_id, r.seq]));
    for (const batch of answers.flat()) {
      const seqs = batch.map((id) => seqOf.get(id)!);
      expect(seqs).toEqual(Array.from({ length: batch.length }, (_, i) => seqs[0]! + i));
    }
    const [counter] = (
      await sql<{
        last_seq: number;
      }>`SELECT last_seq::int AS last_seq FROM sync_counters WHERE tenant_id = ${first.tenantId}`.execute(
        server.central.db,
      )
    ).rows;
    expect(counter).toEqual({ last_seq: total });
  }, 120_000);
});
