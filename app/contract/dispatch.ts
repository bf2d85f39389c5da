import type { z } from 'zod';
import { roleHas, type Permission } from '../auth/roles';
import { checkSession } from '../auth/session';
import { log } from '../log';
import { isBusy, type Db } from '../db/db';
import { parseInput, type OperationDef } from './define';
import type { AuditEntry, Clock, Context, Session } from './context';
import { recordAudit } from '../audit/audit.service';
import { isSensitiveRead } from '../audit/audit.policy';
import { AppError, invalidInput, type OpError, type OpResult } from './errors';
import { shapeOutput, type Shaped } from './visibility';
import { useBrazilianPortuguese } from './zod-pt-br';

useBrazilianPortuguese();

export type OperationMap = Record<string, OperationDef<z.ZodType, unknown>>;
type OutputOf<M extends OperationMap, N extends string> = N extends keyof M
  ? Shaped<ReturnType<M[N]['handler']>>
  : unknown;

export interface DispatcherDeps {
  db: Db;
  clock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * The single entry point every transport uses: validates, checks the permission, runs the
 * handler in one transaction, and turns every failure into a value (never a stack trace).
 */
export function createDispatcher<M extends OperationMap>(operations: M, deps: DispatcherDeps) {
  const clock = deps.clock ?? systemClock;
  return function dispatch<N extends string>(name: N, rawInput: unknown, session: Session): OpResult<OutputOf<M, N>> {
    const def = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (!def) {
      log.warn('unknown operation', { op: name });
      return fail('unknown_operation', `Operação desconhecida: ${name}.`, { op: name });
    }
    const parsed = parseInput(def.input, def.fastInput, rawInput ?? {});
    if (!parsed.success) {
      const { message, issues } = invalidInput(parsed.error.issues);
      log.warn('invalid input', { op: name, paths: issues.map((i) => i.path) });
      return fail('invalid_input', message, { issues });
    }
    checkSession(deps.db, session, clock.now().getTime());
    const denied = checkPermission(def.permission, session);
    if (denied) {
      log.warn('permission denied', { op: name, code: denied.error.code, user: session.userId });
      return denied;
    }
    const ctx: Context = { db: deps.db, session, clock };
    try {
      const value = def.readonly ? runRead(ctx, name, def, parsed.data) : runWrite(ctx, name, def, parsed.data);
      return { ok: true, value: shapeOutput(value, session) as OutputOf<M, N> };
    } catch (error) {
      if (error instanceof AppError) {
        log.warn('operation rejected', { op: name, code: error.code, reason: error.message });
        return fail(error.code, error.userMessage, error.details);
      }
      if (isBusy(error)) {
        log.warn('database busy', { op: name, error: String(error) });
        return fail('database_busy', 'O banco de dados está ocupado por outra janela ou processo. Tente novamente.');
      }
      const e = error instanceof Error ? error : new Error(String(error));
      log.error('operation failed', { op: name, error: e.message, stack: e.stack });
      return fail('internal_error', 'Erro interno. Nada foi alterado; tente novamente.');
    }
  };
}

const WRITE_MARKS_SQL = 'SELECT total_changes() AS changes, (SELECT max(seq) FROM sync_outbox) AS outbox';

/**
 * Rows this connection has changed since it opened (rolled-back ones included) and the newest
 * outbox entry (rolled back with its savepoint).
 */
function writeMarks(ctx: Context): { changes: number; outbox: number | null } {
  return ctx.db.statement(WRITE_MARKS_SQL).get() as { changes: number; outbox: number | null };
}

/**
 * Whether what the handler did is still there: synced rows kept, or local-only rows changed.
 * Synced rows written with no transaction or savepoint rolled back since (`rollbacksBefore`)
 * are all still there, without asking SQLite again.
 */
function changedSomething(
  ctx: Context,
  before: ReturnType<typeof writeMarks>,
  rollbacksBefore: number,
  entries: readonly AuditEntry[],
): boolean {
  if (entries.length > 0 && ctx.db.rollbackCount === rollbacksBefore) return true;
  const after = writeMarks(ctx);
  if (entries.length > 0) return after.outbox !== before.outbox;
  return after.changes !== before.changes;
}

/**
 * A write operation and its audit row, in one transaction (app/audit/). An operation that
 * changed nothing (a duplicate by external id, a dry run rolled back in its savepoint) leaves
 * no audit row either, so "changes nothing" stays true of the whole file.
 */
function runWrite(ctx: Context, name: string, def: OperationDef<z.ZodType, unknown>, input: unknown): unknown {
  return ctx.db.transaction(() => {
    const entries: AuditEntry[] = [];
    ctx.audit = entries;
    try {
      const before = writeMarks(ctx);
      const rollbacks = ctx.db.rollbackCount;
      const value = def.handler(ctx, input);
      ctx.audit = undefined;
      if (changedSomething(ctx, before, rollbacks, entries)) recordAudit(ctx, name, 'write', entries, input);
      return value;
    } finally {
      ctx.audit = undefined;
    }
  });
}

/** A read; a sensitive one (exports, personal data, costs) returns only once its audit row is written. */
function runRead(ctx: Context, name: string, def: OperationDef<z.ZodType, unknown>, input: unknown): unknown {
  const value = def.handler(ctx, input);
  if (isSensitiveRead(name)) ctx.db.transaction(() => recordAudit(ctx, name, 'read', [], input));
  return value;
}

/** What transports hold: any operation name in, a result value out. */
export type Dispatch = (name: string, rawInput: unknown, session: Session) => OpResult<unknown>;

function checkPermission(permission: Permission, session: Session) {
  if (permission === 'public' || session.system) return null;
  if (!session.userId || !session.role) {
    return fail('unauthenticated', 'Entre com seu usuário para continuar.');
  }
  if (!roleHas(session.role, permission)) {
    return fail('forbidden', 'Seu perfil não tem permissão para esta ação.', { permission });
  }
  return null;
}

function fail(code: string, message: string, details?: Record<string, unknown>): { ok: false; error: OpError } {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}
