import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { findOpenCashSession } from '../cash/cash.queries';
import { findRegister } from '../store/store.queries';

type Register = NonNullable<ReturnType<typeof findRegister>>;

export interface CounterCash {
  register: Register;
  cashSessionId: string;
}

/**
 * What every counter sale and counter payment belongs to (issue 8, item 15): the session's own
 * register with an open cash session — card and PIX included, so each reaches a Z report.
 * Refusals: `register_required` (the channel has no register), `wrong_register` (the input names
 * another register than the session's), `cash_not_open` (no open caixa on it). Imports through
 * `sales.apply` do not come here: they stay outside cash sessions.
 */
export function requireCounterCash(ctx: Context, storeId: string, namedRegister: Register | null): CounterCash {
  const { registerId } = ctx.session;
  const own =
    namedRegister && namedRegister.id === registerId
      ? namedRegister
      : registerId
        ? findRegister(ctx.db, registerId)
        : undefined;
  if (!own || own.store_id !== storeId) {
    throw new AppError(
      'register_required',
      'Counter sale on a channel with no register of this store',
      'Este computador não tem um caixa desta loja; venda no balcão só em um caixa.',
    );
  }
  if (namedRegister && namedRegister.id !== own.id) {
    throw new AppError(
      'wrong_register',
      `Counter sale on ${own.code} names register ${namedRegister.code}`,
      `No balcão a venda é do caixa deste computador (${own.code}), não do ${namedRegister.code}.`,
      { register: namedRegister.code },
    );
  }
  const session = findOpenCashSession(ctx.db, own.id);
  if (!session) {
    throw new AppError(
      'cash_not_open',
      `Register ${own.code} has no open cash session`,
      'O caixa está fechado. Abra o caixa antes de vender.',
      { register_id: own.id, register: own.code },
    );
  }
  return { register: own, cashSessionId: session.id };
}

/** Whether the session's register has an open caixa, and since when: the PDV's banner. */
export function counterCashStatus(ctx: Context): {
  register: { id: string; code: string; name: string } | null;
  open: boolean;
  cash_session_id: string | null;
  opened_at: string | null;
} {
  const register = ctx.session.registerId ? findRegister(ctx.db, ctx.session.registerId) : undefined;
  if (!register) return { register: null, open: false, cash_session_id: null, opened_at: null };
  const session = findOpenCashSession(ctx.db, register.id);
  return {
    register: { id: register.id, code: register.code, name: register.name },
    open: session !== undefined,
    cash_session_id: session?.id ?? null,
    opened_at: session?.opened_at ?? null,
  };
}
