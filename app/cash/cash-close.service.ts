import { requireApproval, type Approval } from '../auth/approval';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import type { PaymentMethod } from '../db/schema';
import { getSetting } from '../settings/settings.queries';
import { findStore } from '../store/store.queries';
import { insertRow } from '../sync/outbox';
import { canonicalJson, chainHash, GENESIS_HASH, verifyClosingChain, type ChainCheck } from './cash-chain';
import { findClosing, findLastClosing, findUserName, listClosingSummaries } from './cash.queries';
import {
  assertRegisterAllowed,
  PAYMENT_METHODS,
  requireOpenSession,
  resolveRegister,
  summarize,
  type CashFigures,
  type CashMovementView,
} from './cash.service';

export const MAX_DIFFERENCE_KEY = 'cash.max_difference_cents';
export const DEFAULT_MAX_DIFFERENCE_CENTS = 1000;

/** Brazilian notes and coins in circulation, in centavos. */
export const DENOMINATIONS = [
  '20000',
  '10000',
  '5000',
  '2000',
  '1000',
  '500',
  '200',
  '100',
  '50',
  '25',
  '10',
  '5',
] as const;
export type Denomination = (typeof DENOMINATIONS)[number];
export const isDenomination = (key: string): key is Denomination => DENOMINATIONS.some((d) => d === key);
export type OtherMethod = Exclude<PaymentMethod, 'dinheiro'>;

export interface CloseInput {
  register_id?: string;
  counted_cash_cents?: number;
  denominations?: Partial<Record<Denomination, number>>;
  counted_other: Partial<Record<OtherMethod, number>>;
  notes?: string | null;
  approval?: Approval;
}

interface Person {
  id: string;
  name: string | null;
}

export interface MethodCount {
  method: PaymentMethod;
  /** Σ applied to sales with this method. */
  sales_cents: number;
  /** For dinheiro, the cash expected in the drawer; otherwise the sales total. */
  expected_cents: number;
  /** null when the method was not counted. */
  counted_cents: number | null;
  difference_cents: number | null;
}

/** The Z report, stored exactly as hashed (canonical JSON). */
export interface ZReport extends Omit<CashFigures, 'totals_by_method'> {
  version: 1;
  number: number;
  /** timezone: absent from reports closed before it was recorded. */
  store: { id: string; code: string; name: string; cnpj: string | null; timezone?: string };
  register: { id: string; code: string; name: string };
  session_id: string;
  opened_at: string;
  opened_by: Person | null;
  closed_at: string;
  closed_by: Person | null;
  approved_by: Person | null;
  counted_cash_cents: number;
  difference_cents: number;
  max_difference_cents: number;
  denominations: Partial<Record<Denomination, number>> | null;
  methods: MethodCount[];
  movements: Omit<CashMovementView, 'id'>[];
  notes: string | null;
}

export interface ClosingView {
  id: string;
  number: number;
  prev_hash: string;
  hash: string;
  report: ZReport;
}

export function sumDenominations(counts: Partial<Record<Denomination, number>>): number {
  let total = 0;
  for (const d of DENOMINATIONS) total += Number(d) * (counts[d] ?? 0);
  return total;
}

export function maxDifference(ctx: Context): number {
  const value = getSetting<unknown>(ctx.db, MAX_DIFFERENCE_KEY);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : DEFAULT_MAX_DIFFERENCE_CENTS;
}

function person(ctx: Context, id: string | null): Person | null {
  return id ? { id, name: findUserName(ctx.db, id) } : null;
}

function countedCash(input: CloseInput): number {
  const fromNotes = input.denominations ? sumDenominations(input.denominations) : undefined;
  const counted = input.counted_cash_cents ?? fromNotes;
  if (counted === undefined) throw new Error('cash.close without a count: the input schema requires one');
  if (fromNotes !== undefined && fromNotes !== counted) {
    throw new AppError(
      'counted_cash_mismatch',
      `Counted cash ${counted} differs from denominations ${fromNotes}`,
      'O valor contado não confere com a soma das cédulas e moedas.',
      { counted_cash_cents: counted, denominations_cents: fromNotes },
    );
  }
  return counted;
}

/**
 * Closes the register's open session: counts against what is expected, asks a manager when the
 * cash difference is above the store's tolerance, and appends the Z report to the register's
 * hash chain.
 */
export function closeCash(ctx: Context, input: CloseInput): ClosingView {
  const register = resolveRegister(ctx, input.register_id);
  const session = requireOpenSession(ctx, register);
  const summary = summarize(ctx, register, session);
  const counted = countedCash(input);
  const difference = counted - summary.expected_cash_cents;
  const tolerance = maxDifference(ctx);
  const approvedBy =
    Math.abs(difference) > tolerance
      ? requireApproval(ctx, input.approval, 'cash.approve', `cash difference of ${difference} at ${register.code}`)
      : null;

  const store = findStore(ctx.db, register.store_id);
  if (!store) throw new Error(`Store ${register.store_id} of register ${register.id} is missing`);
  const last = findLastClosing(ctx.db, register.id);
  const number = (last?.number ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const closedAt = ctx.clock.now().toISOString();
  const { totals_by_method: totals, movements, register: reg, session_id, opened_at, opened_by, ...figures } = summary;

  // Crediário is sold on credit: nothing of it is in a drawer or a card machine to count.
  const methods: MethodCount[] = PAYMENT_METHODS.filter((m) => m !== 'crediario').map((method) => {
    const expected = method === 'dinheiro' ? summary.expected_cash_cents : totals[method];
    const countedHere = method === 'dinheiro' ? counted : (input.counted_other[method] ?? null);
    return {
      method,
      sales_cents: totals[method],
      expected_cents: expected,
      counted_cents: countedHere,
      difference_cents: countedHere === null ? null : countedHere - expected,
    };
  });
  const report: ZReport = {
    version: 1,
    number,
    store: { id: store.id, code: store.code, name: store.name, cnpj: store.cnpj, timezone: store.timezone },
    register: reg,
    session_id,
    opened_at,
    opened_by,
    closed_at: closedAt,
    closed_by: person(ctx, ctx.session.userId),
    approved_by: person(ctx, approvedBy),
    ...figures,
    counted_cash_cents: counted,
    difference_cents: difference,
    max_difference_cents: tolerance,
    denominations: input.denominations ?? null,
    methods,
    movements: movements.map(({ id: _id, ...m }) => m),
    notes: input.notes ?? null,
  };
  const json = canonicalJson(report);
  const hash = chainHash(prevHash, json);
  const id = newId();
  insertRow(ctx, 'cash_closings', {
    id,
    session_id,
    register_id: register.id,
    number,
    report: json,
    expected_cash_cents: summary.expected_cash_cents,
    counted_cash_cents: counted,
    difference_cents: difference,
    approved_by: approvedBy,
    closed_by: ctx.session.userId,
    closed_at: closedAt,
    prev_hash: prevHash,
    hash,
  });
  return { id, number, prev_hash: prevHash, hash, report };
}

export function listClosings(ctx: Context, registerId: string | undefined) {
  const register = resolveRegister(ctx, registerId);
  const closings = listClosingSummaries(ctx.db, register.id);
  const chain: ChainCheck = verifyClosingChain(ctx.db, register.id);
  const timezone = findStore(ctx.db, register.store_id)?.timezone ?? 'America/Sao_Paulo';
  return { register: { id: register.id, code: register.code, name: register.name, timezone }, closings, chain };
}

export function verifyChain(ctx: Context, registerId: string | undefined): ChainCheck {
  return verifyClosingChain(ctx.db, resolveRegister(ctx, registerId).id);
}

export function getClosing(ctx: Context, closingId: string): ClosingView {
  const row = findClosing(ctx.db, closingId);
  if (!row) {
    throw new AppError(
      'unknown_closing',
      `Cash closing ${closingId} not found`,
      'Fechamento de caixa não encontrado.',
      {
        closing_id: closingId,
      },
    );
  }
  assertRegisterAllowed(ctx, row.register_id);
  return {
    id: row.id,
    number: row.number,
    prev_hash: row.prev_hash,
    hash: row.hash,
    report: JSON.parse(row.report) as ZReport,
  };
}
