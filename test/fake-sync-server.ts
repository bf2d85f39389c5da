import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushMutation } from '../app/sync/protocol';

/**
 * A minimal stand-in for the sync server's wire protocol (app/sync/protocol.ts), for device
 * unit tests that need a server to misbehave on purpose (reject a mutation, refuse a whole
 * batch, be down). The exactly-once and screen tests run against the real sync-server.
 */
export interface FakeSyncServer {
  url: string;
  token: string;
  /** Every batch received, in order. */
  batches: PushMutation[][];
  applied: Map<string, PushMutation>;
  /** Mutation ids the server rejects with this code and reason. */
  rejectIds: Map<string, { code: string; reason: string }>;
  /** A batch holding any of these ids is refused as a whole with 400. */
  poisonIds: Set<string>;
  /** `lose_answer`: a push is applied, then the connection is cut before the answer (a lost answer). */
  mode: 'ok' | 'down' | 'lose_answer';
  /** Whether a refused batch names the culprit in `error.mutation_id`. */
  nameCulprit: boolean;
  enrolCodes: Set<string>;
  close(): Promise<void>;
}

export async function startFakeSyncServer(): Promise<FakeSyncServer> {
  const state: Omit<FakeSyncServer, 'url' | 'close'> = {
    token: 'tok-' + 'x'.repeat(40),
    batches: [],
    applied: new Map(),
    rejectIds: new Map(),
    poisonIds: new Set(),
    mode: 'ok',
    nameCulprit: false,
    enrolCodes: new Set(['CODIGO-1']),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (state.mode === 'down') return send(503, { error: { code: 'unavailable', message: 'down' } });
      if (req.url === '/health') return send(200, { status: 'ok' });
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      if (req.url === '/v1/enrol') {
        const code = String(input.code);
        if (!state.enrolCodes.delete(code)) return send(400, { error: { code: 'invalid_code', message: 'bad code' } });
        return send(200, { token: state.token, tenant_id: 'T1', store_id: input.store_id, device_id: input.device_id });
      }
      if (req.url !== '/v1/push') return send(404, { error: { code: 'not_found', message: 'no route' } });
      if (req.headers.authorization !== `Bearer ${state.token}`) {
        return send(401, { error: { code: 'unauthorized', message: 'bad token' } });
      }
      const mutations = input.mutations as PushMutation[];
      state.batches.push(mutations);
      const poison = mutations.find((m) => state.poisonIds.has(m.mutation_id));
      if (poison) {
        const error = { code: 'unknown_column', message: `column not synced in ${poison.table}` };
        return send(422, { error: state.nameCulprit ? { ...error, mutation_id: poison.mutation_id } : error });
      }
      const answer = { applied: [] as string[], skipped: [] as string[], rejected: [] as object[] };
      for (const m of mutations) {
        const reject = state.rejectIds.get(m.mutation_id);
        if (reject) answer.rejected.push({ mutation_id: m.mutation_id, ...reject });
        else if (state.applied.has(m.mutation_id)) answer.skipped.push(m.mutation_id);
        else {
          state.applied.set(m.mutation_id, m);
          answer.applied.push(m.mutation_id);
        }
      }
      if (state.mode === 'lose_answer') return void req.socket.destroy();
      send(200, answer);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const fake = state as FakeSyncServer;
  fake.url = `http://127.0.0.1:${port}`;
  fake.close = () => new Promise<void>((done) => server.close(() => done()));
  return fake;
}
