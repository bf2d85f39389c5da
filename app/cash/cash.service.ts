import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import type { PaymentMethod } from '../db/schema';
import { requireApproval, type Approval } from '../auth/approval';
import { roleHas } from '../auth/roles';
import { getSetting } from '../settings/settings.queries';
import { deviceRegisterId } from '../settings/device.settings';
import { findRegister } from '../store/store.queries';
import { deviceStoreId } from '../store/store.service';
import { insertRow } from '../sync/outbox';
import {
  countSessionSales,
  findOpenCashSession,
  findUserName,
  listCashMovements,
  sumCashPayments,
  sumCashRefunds,
  sumPaymentsByMethod,
} from './cash.queries';
import { sessionFeesByMethod, type MethodFees } from '../payments/session-fees';
import { sessionInstallmentReceipts } from '../payments/installments.service';
import { PAYMENT_METHODS as SALE_PAYMENT_METHODS } from '../sales/sale.schemas';

export const PAYMENT_METHODS: readonly PaymentMethod[] = SALE_PAYMENT_METHODS;

type Register = NonNullable<ReturnType<typeof findRegister>>;
type OpenSession = NonNullable<ReturnType<typeof findOpenCashSession>>;

/**
 * Whether the caller may see and operate a register's caixa: their own (the channel's register,
 * else this device's) always; any other only with `cash.audit` (owner, manager) or from the CLI.
 * Refuses with `forbidden` (pt-BR message) otherwise.
 */
export function assertRegisterAllowed(ctx: Context, registerId: string): void {
  const { system, role } = ctx.session;
  if (system || (role !== null && roleHas(role, 'cash.audit'))) return;
  const own = ctx.session.registerId ?? deviceRegisterId(ctx.db);
  if (registerId === own) return;
  throw new AppError(
    'forbidden',
    `Role ${role ?? 'none'} may not reach register ${registerId} (own: ${own ?? 'none'})`,
    'Seu perfil só acessa o caixa deste terminal.',
    { register_id: registerId },
  );
}

/** The register asked for, else the channel's, else this device's own; see assertRegisterAllowed. */
export function resolveRegister(ctx: Context, registerId: string | undefined): Register {
  const id = registerId ?? ctx.session.registerId ?? deviceRegisterId(ctx.db);
  if (!id) {
    throw new AppError('register_required', 'No register given and none bound to the session', 'Informe o caixa.');
  }
  const register = findRegister(ctx.db, id);
  if (!register) {
    throw new AppError('unknown_register', `Register ${id} not found`, 'Caixa desconhecido.', { register_id: id });
  }
  assertRegisterAllowed(ctx, register.id);
  return register;
}

export function requireOpenSession(ctx: Context, register: Register): OpenSession {
  const session = findOpenCashSession(ctx.db, register.id);
  if (!session) {
    throw new AppError(
      'cash_not_open',
      `Register ${register.code} has no open cash session`,
      'O caixa não está aberto.',
      {
        register_id: register.id,
      },
    );
  }
  return session;
}

export interface CashFigures {
  opening_float_cents: number;
  /** Σ tendered of cash payments: what the customers handed over. */
  cash_received_cents: number;
  change_given_cents: number;
  suprimentos_cents: number;
  sangrias_cents: number;
  cash_refunds_cents: number;
  expected_cash_cents: number;
  /** Σ amount applied to sales, per method (every method present, 0 when unused). */
  totals_by_method: Record<PaymentMethod, number>;
  /** Gross, fees and net per method, parcelas received included (issue 17; absent from older Z reports). */
  fees_by_method?: MethodFees[];
  sales_count: number;
}

export interface CashMovementView {
  id: string;
  kind: 'suprimento' | 'sangria';
  amount_cents: number;
  reason: string;
  created_by: string | null;
  created_at: string;
}

export interface CashSummary extends CashFigures {
  session_id: string;
  register: { id: string; code: string; name: string };
  opened_at: string;
  opened_by: { id: string; name: string | null } | null;
  movements: CashMovementView[];
}

export function computeFigures(ctx: Context, session: OpenSession, movements: CashMovementView[]): CashFigures {
  const paid = sumCashPayments(ctx.db, session.id);
  // Crediário parcelas received at this caixa are money like any other (issue 17).
  const parcelas = sessionInstallmentReceipts(ctx, session.id);
  const cash = { tendered: paid.tendered + parcelas.cash_tendered, change: paid.change + parcelas.cash_change };
  const refunds = sumCashRefunds(ctx.db, session.id);
  let suprimentos = 0;
  let sangrias = 0;
  for (const m of movements) {
    if (m.kind === 'suprimento') suprimentos += m.amount_cents;
    else sangrias += m.amount_cents;
  }
  const totals = Object.fromEntries(PAYMENT_METHODS.map((m) => [m, 0])) as Record<PaymentMethod, number>;
  for (const row of sumPaymentsByMethod(ctx.db, session.id)) totals[row.method] = row.total;
  return {
    opening_float_cents: session.opening_float_cents,
    cash_received_cents: cash.tendered,
    change_given_cents: cash.change,
    suprimentos_cents: suprimentos,
    sangrias_cents: sangrias,
    cash_refunds_cents: refunds,
    expected_cash_cents: session.opening_float_cents + cash.tendered - cash.change + suprimentos - sangrias - refunds,
    totals_by_method: totals,
    fees_by_method: sessionFeesByMethod(ctx, session.id),
    sales_count: countSessionSales(ctx.db, session.id),
  };
}

export function summarize(ctx: Context, register: Register, session: OpenSession): CashSummary {
  const movements = listCashMovements(ctx.db, session.id);
  return {
    session_id: session.id,
    register: { id: register.id, code: register.code, name: register.name },
    opened_at: session.opened_at,
    opened_by: session.opened_by ? { id: session.opened_by, name: findUserName(ctx.db, session.opened_by) } : null,
    ...computeFigures(ctx, session, movements),
    movements,
  };
}

export function openCash(ctx: Context, input: { register_id?: string; opening_float_cents: number }): CashSummary {
  const register = resolveRegister(ctx, input.register_id);
  if (register.store_id !== deviceStoreId(ctx)) {
    throw new AppError(
      'unknown_register',
      `Register ${register.id} is not of this device's store`,
      'Caixa desconhecido.',
      {
        register_id: register.id,
      },
    );
  }
  if (!register.active) {
    throw new AppError('register_inactive', `Register ${register.code} is inactive`, 'Este caixa está desativado.', {
      register_id: register.id,
    });
  }
  if (findOpenCashSession(ctx.db, register.id)) {
    throw new AppError('cash_already_open', `Register ${register.code} is already open`, 'Este caixa já está aberto.', {
      register_id: register.id,
    });
  }
  const session = {
    id: newId(),
    register_id: register.id,
    opening_float_cents: input.opening_float_cents,
    opened_by: ctx.session.userId,
    opened_at: ctx.clock.now().toISOString(),
  };
  insertRow(ctx, 'cash_sessions', session);
  return summarize(ctx, register, session);
}

export const SANGRIA_APPROVAL_ABOVE_KEY = 'cash.sangria_approval_above_cents';
export const DEFAULT_SANGRIA_APPROVAL_ABOVE_CENTS = 50_000;

/** The largest sangria (centavos) taken without a supervisor; default R$ 500,00. */
export function sangriaApprovalAbove(ctx: Context): number {
  const value = getSetting<unknown>(ctx.db, SANGRIA_APPROVAL_ABOVE_KEY);
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? value
    : DEFAULT_SANGRIA_APPROVAL_ABOVE_CENTS;
}

/**
 * Suprimento (cash in) or sangria (cash out) on the register's open caixa. A sangria may not
 * exceed the cash expected (`insufficient_cash`), and one above `cash.sangria_approval_above_cents`
 * needs `cash.approve`: the caller's own role, or a supervisor's login + PIN in `approval`
 * (`approval_required` / `approval_invalid`); the approver is stored on the movement.
 */
export function addMovement(
  ctx: Context,
  input: {
    register_id?: string | undefined;
    kind: 'suprimento' | 'sangria';
    amount_cents: number;
    reason: string;
    approval?: Approval | undefined;
  },
): CashSummary {
  const register = resolveRegister(ctx, input.register_id);
  const session = requireOpenSession(ctx, register);
  let approvedBy: string | null = null;
  if (input.kind === 'sangria') {
    const available = computeFigures(ctx, session, listCashMovements(ctx.db, session.id)).expected_cash_cents;
    if (input.amount_cents > available) {
      throw new AppError(
        'insufficient_cash',
        `Sangria of ${input.amount_cents} exceeds the ${available} expected in register ${register.code}`,
        'A sangria é maior que o dinheiro esperado no caixa.',
        { available_cents: available },
      );
    }
    const limit = sangriaApprovalAbove(ctx);
    if (input.amount_cents > limit) {
      approvedBy = requireApproval(
        ctx,
        input.approval,
        'cash.approve',
        `sangria of ${input.amount_cents} above ${limit} at ${register.code}`,
      );
    }
  }
  insertRow(ctx, 'cash_movements', {
    id: newId(),
    session_id: session.id,
    kind: input.kind,
    amount_cents: input.amount_cents,
    reason: input.reason,
    approved_by: approvedBy,
    created_by: ctx.session.userId,
    created_at: ctx.clock.now().toISOString(),
  });
  return summarize(ctx, register, session);
}

export function cashSummary(ctx: Context, registerId: string | undefined): CashSummary {
  const register = resolveRegister(ctx, registerId);
  return summarize(ctx, register, requireOpenSession(ctx, register));
}
