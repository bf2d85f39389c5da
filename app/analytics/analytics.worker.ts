/**
 * The analytics worker thread (issue 13: heavy analytics off the UI thread). It opens its own
 * read-only connection to the database file (plus a writable one used only to keep monthly RFM
 * runs, device-local derived rows) and answers `{ id, op, input, session, nowMs }` messages with
 * `{ id, result, session }` through the same dispatcher and contract as every transport.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Db } from '../db/db';
import { createDispatcher, type OperationMap } from '../contract/dispatch';
import { isSensitiveRead } from '../audit/audit.policy';
import { analyticsOps } from './analytics.ops';
import { OFFLOADED_SUFFIX } from './offload-names';
import { operations } from '../contract/operations';
import type { Session } from '../contract/context';
import { registerRunKeeper } from './run-keeper';

const { path } = workerData as { path: string };
const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
raw.pragma('busy_timeout = 5000');
const db = new Db(raw);
const keeperRaw = new BetterSqlite3(path, { fileMustExist: true });
keeperRaw.pragma('busy_timeout = 5000');
registerRunKeeper(db, new Db(keeperRaw));
let nowMs = Date.now();
// A sensitive read (issue 16) leaves an audit row; this connection is read-only, so the worker
// runs those operations under an alias the audit policy does not name, and the main thread
// writes the row once the answer is ok (offload.ts).
const map: OperationMap = { ...operations };
for (const [name, def] of Object.entries(analyticsOps)) {
  if (isSensitiveRead(name)) map[`${name}${OFFLOADED_SUFFIX}`] = def;
}
const dispatch = createDispatcher(map, { db, clock: { now: () => new Date(nowMs) } });

parentPort?.on('message', (msg: { id: number; op: string; input: unknown; session: Session; nowMs: number }) => {
  nowMs = msg.nowMs;
  const session = { ...msg.session };
  const name = isSensitiveRead(msg.op) ? `${msg.op}${OFFLOADED_SUFFIX}` : msg.op;
  const result = dispatch(name, msg.input, session);
  parentPort?.postMessage({ id: msg.id, result, session });
});
