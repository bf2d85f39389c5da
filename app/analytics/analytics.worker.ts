/**
 * The analytics worker thread (issue 13: heavy analytics off the UI thread). It opens its own
 * read-only connection to the database file (plus a writable one used only to keep monthly RFM
 * runs, device-local derived rows) and answers `{ id, op, input, session, nowMs }` messages with
 * `{ id, result, session }` through the same dispatcher and contract as every transport.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Db } from '../db/db';
import { createDispatcher } from '../contract/dispatch';
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
const dispatch = createDispatcher(operations, { db, clock: { now: () => new Date(nowMs) } });

parentPort?.on('message', (msg: { id: number; op: string; input: unknown; session: Session; nowMs: number }) => {
  nowMs = msg.nowMs;
  const session = { ...msg.session };
  const result = dispatch(msg.op, msg.input, session);
  parentPort?.postMessage({ id: msg.id, result, session });
});
