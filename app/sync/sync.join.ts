import { hostname } from 'node:os';
import type { z } from 'zod';
import type { Clock } from '../contract/context';
import { newSession } from '../contract/context';
import { AppError } from '../contract/errors';
import { codeSchema, line } from '../contract/schemas';
import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { log } from '../log';
import { countUsers } from '../auth/user.queries';
import { DEVICE_REGISTER_KEY, DEVICE_STORE_KEY } from '../settings/device.settings';
import { getSetting, putSetting } from '../settings/settings.queries';
import { findRegisterByCode, findStore } from '../store/store.queries';
import { insertRow, syncedTableList } from './outbox';
import type { EnrolRequest, EnrolResponse } from './protocol';
import { enrolSchema, finishEnrol } from './sync.enrol';
import { EnrolResponseSchema, endpoint, interpret, postEnrol, type FetchLike, type HttpOutcome } from './sync.client';
import { postJsonBlocking } from './sync-http';
import { pullUntilUpToDate, type TablePull } from './sync.pull';
import { readSyncDevice } from './sync.state';

/**
 * A new desktop joining an existing store of the tenant ("Entrar numa loja existente", `sync
 * enrol --store LJ01 --register CX2`): enrol as another device of that store, download every
 * synced table (store, users, catalog, customers, history), then create this desktop's own
 * register and only then mark the desktop set up. Its sales are numbered by its own register,
 * so its pushes never collide with the other desktops' of the store.
 */
export const joinSchema = enrolSchema.extend({
  store: codeSchema,
  register: codeSchema,
  register_name: line(60).optional(),
});
export type JoinInput = z.output<typeof joinSchema>;

/** What joining returns (never the token). */
export interface JoinView {
  joined: true;
  server_url: string;
  tenant_id: string;
  store_id: string;
  store_code: string;
  device_id: string;
  register: { id: string; code: string; name: string };
  /** Rows written by the download. */
  downloaded: number;
}

/** Progress of a join, for the first-run screen's bar. */
export interface JoinProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  phase: 'enrol' | 'download' | 'finish' | null;
  tables_done: number;
  tables_total: number;
  rows: number;
  error: { code: string; message: string } | null;
  result: JoinView | null;
}

const jobs = new WeakMap<Db, JoinProgress>();

/** Whether a join is downloading into this database (the background loop stays out meanwhile). */
export function isJoining(db: Db): boolean {
  return jobs.get(db)?.state === 'running';
}

/** The join's progress (idle when none was started in this process). */
export function joinProgress(db: Db): JoinProgress {
  return jobs.get(db) ?? idleProgress();
}

function idleProgress(): JoinProgress {
  const total = syncedTableList().length;
  return { state: 'idle', phase: null, tables_done: 0, tables_total: total, rows: 0, error: null, result: null };
}

function isSetUp(db: Db): boolean {
  return getSetting<string>(db, DEVICE_STORE_KEY) !== undefined;
}

/**
 * The enrolment request, or null when this desktop already enrolled for a join that did not
 * finish (the download resumes; a one-time code is not needed again). Refuses a desktop that
 * already has a store (`already_setup`) or is enrolled elsewhere (`sync_already_enrolled`).
 */
export function prepareJoin(db: Db, input: JoinInput): EnrolRequest | null {
  if (isSetUp(db) || (countUsers(db) > 0 && !readSyncDevice(db))) {
    throw new AppError(
      'already_setup',
      'This desktop already has a store',
      'Este computador já tem uma loja configurada. Para ligá-la à rede, use Configurações → Sincronização.',
    );
  }
  const current = readSyncDevice(db);
  if (current) {
    if (current.server_url !== input.server_url) {
      throw new AppError(
        'sync_already_enrolled',
        `Device already enrolled with ${current.server_url}`,
        `Este computador já está vinculado ao servidor ${current.server_url}.`,
      );
    }
    return null;
  }
  return {
    code: input.code,
    join_store: input.store,
    device_id: newId(),
    device_name: (hostname() || 'Balcão').slice(0, 120),
  };
}

/**
 * After the download: the store must be here; this desktop's register is created (synced, so
 * the other desktops see it) and the store and register become this computer's. Refused with
 * `register_taken` when the store already has a register with that code (the enrolment and the
 * download stay: joining again with another code finishes at once).
 */
export function finishJoin(db: Db, input: JoinInput, clock: Clock, downloaded: number): JoinView {
  const device = readSyncDevice(db);
  if (!device) throw new Error('finishJoin: not enrolled');
  return db.transaction(() => {
    const store = findStore(db, device.store_id);
    if (!store || countUsers(db) === 0) {
      throw new AppError(
        'sync_join_incomplete',
        `Store ${device.store_id} or its users did not arrive`,
        'Os dados da loja ainda não chegaram do servidor. Tente de novo em instantes.',
      );
    }
    if (findRegisterByCode(db, store.id, input.register)) {
      const message = `O caixa ${input.register} já existe na loja ${store.code}: escolha outro código para este computador.`;
      throw new AppError('register_taken', `Register ${input.register} exists in ${store.code}`, message, {
        issues: [{ path: 'register', message }],
      });
    }
    const now = clock.now().toISOString();
    const register = { id: newId(), code: input.register, name: input.register_name ?? `Caixa ${input.register}` };
    const session = { ...newSession(true), registerId: register.id };
    insertRow({ db, session, clock }, 'registers', {
      id: register.id,
      store_id: store.id,
      code: register.code,
      name: register.name,
      created_at: now,
    });
    putSetting(db, DEVICE_STORE_KEY, store.id, now);
    putSetting(db, DEVICE_REGISTER_KEY, register.id, now);
    log.info('desktop joined a store', { store: store.id, register: register.id, device: device.device_id });
    return {
      joined: true,
      server_url: device.server_url,
      tenant_id: device.tenant_id,
      store_id: store.id,
      store_code: store.code,
      device_id: device.device_id,
      register,
      downloaded,
    };
  });
}

/** Downloads every shape until up to date, then finishes; progress goes to `job`. */
async function downloadAndFinish(db: Db, input: JoinInput, clock: Clock, job: JoinProgress): Promise<JoinView> {
  job.phase = 'download';
  const tables = syncedTableList().map((t) => t.table as string);
  const onPage = (pull: TablePull) => {
    job.tables_done = Math.max(job.tables_done, tables.indexOf(pull.table));
    job.rows += pull.applied - (rowsBefore.get(pull.table) ?? 0);
    rowsBefore.set(pull.table, pull.applied);
  };
  const rowsBefore = new Map<string, number>();
  // A desktop with no store: its download is a first sync (indexes and derived data rebuilt once).
  const pull = await pullUntilUpToDate(db, { clock, onPage, firstSync: true });
  if (pull.stopped !== 'done') {
    throw new AppError(
      pull.stopped === 'unauthorized' ? 'sync_unauthorized' : 'sync_unreachable',
      `Join download stopped: ${pull.stopped}`,
      'O download da loja foi interrompido. Verifique a conexão e tente de novo: o que já chegou fica salvo.',
    );
  }
  job.tables_done = tables.length;
  job.phase = 'finish';
  return finishJoin(db, input, clock, pull.applied);
}

function newJob(): JoinProgress {
  return { ...idleProgress(), state: 'running', phase: 'enrol' };
}

/** The CLI: enrols (or resumes), downloads and finishes, reporting each page to `onProgress`. */
export async function joinStore(
  db: Db,
  input: JoinInput,
  options: { clock: Clock; fetch?: FetchLike; onProgress?: (progress: JoinProgress) => void },
): Promise<JoinView> {
  const request = prepareJoin(db, input);
  if (request) {
    const outcome = await postEnrol(input.server_url, request, { fetch: options.fetch });
    db.transaction(() => finishEnrol(db, input.server_url, outcome, options.clock.now().toISOString()));
  }
  const job = newJob();
  jobs.set(db, job);
  try {
    const clock = options.clock;
    const view = await downloadAndFinish(db, input, clock, watch(job, options.onProgress));
    job.state = 'done';
    return view;
  } catch (error) {
    job.state = 'failed';
    throw error;
  }
}

/** Calls `onProgress` whenever the job's counters move (a proxy over the job object). */
function watch(job: JoinProgress, onProgress?: (progress: JoinProgress) => void): JoinProgress {
  if (!onProgress) return job;
  return new Proxy(job, {
    set(target, prop, value) {
      const ok = Reflect.set(target, prop, value);
      onProgress(target);
      return ok;
    },
  });
}

/**
 * `sync.join` (first-run screen): the enrolment runs now (its refusal is the operation's error,
 * in pt-BR), the download and the finish in the background; `sync.join_status` reports them.
 */
export function startJoinBlocking(db: Db, input: JoinInput, clock: Clock): JoinProgress {
  if (isJoining(db)) return joinProgress(db);
  const request = prepareJoin(db, input);
  if (request) {
    const answer = postJsonBlocking(endpoint(input.server_url, '/v1/enrol'), JSON.stringify(request));
    const outcome: HttpOutcome<EnrolResponse> =
      'error' in answer
        ? { kind: 'unreachable', message: answer.error }
        : interpret(answer.status, answer.text, EnrolResponseSchema);
    db.transaction(() => finishEnrol(db, input.server_url, outcome, clock.now().toISOString()));
  }
  const job = newJob();
  jobs.set(db, job);
  downloadAndFinish(db, input, clock, job).then(
    (view) => {
      job.result = view;
      job.state = 'done';
    },
    (error: unknown) => {
      job.state = 'failed';
      job.error =
        error instanceof AppError
          ? { code: error.code, message: error.userMessage }
          : { code: 'internal_error', message: 'Não foi possível concluir a entrada na loja.' };
      if (!(error instanceof AppError)) {
        log.error('join failed', { error: error instanceof Error ? error.message : String(error) });
      }
    },
  );
  return job;
}
