import type { CliCommand, CliIo } from '../cli/command';
import type { OpResult } from '../contract/errors';
import { runDemo } from './demo';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Prints `value` (the exact fields of issue 13) or the error; exit code 0 / 1. */
function print<T>(io: CliIo, result: OpResult<T>, shape: (value: T) => unknown): number {
  if (!result.ok) {
    io.err(`Erro (${result.error.code}): ${result.error.message}`);
    return 1;
  }
  io.out(JSON.stringify(shape(result.value), null, io.json ? undefined : 2));
  return 0;
}

function intOption(v: unknown, fallback: number): number | string {
  if (typeof v !== 'string') return fallback;
  return /^\d{1,9}$/.test(v) ? Number(v) : v;
}

const period = { from: { type: 'string' }, to: { type: 'string' } } as const;

/** `rfm`, `commissions`, `margins`, `kpis` and `demo` (issue 13): money in centavos. */
export const analyticsCommands: Record<string, CliCommand> = {
  rfm: {
    summary: 'RFM dos clientes: rfm --as-of AAAA-MM-DD [--window-days 365]',
    options: { 'as-of': { type: 'string' }, 'window-days': { type: 'string' } },
    run: (app, session, v, io) =>
      print(
        io,
        app.dispatch(
          'analytics.rfm',
          { as_of: str(v['as-of']), window_days: intOption(v['window-days'], 365) },
          session,
        ),
        (r) =>
          r.rows.map((row) => ({
            customer_external_id: row.customer_external_id,
            recency_days: row.recency_days,
            frequency: row.frequency,
            monetary: row.monetary,
            r: row.r,
            f: row.f,
            m: row.m,
            segment: row.segment,
          })),
      ),
  },
  commissions: {
    summary: 'Comissões por vendedor: commissions --from AAAA-MM-DD --to AAAA-MM-DD',
    options: period,
    run: (app, session, v, io) =>
      print(io, app.dispatch('analytics.commissions', { from: str(v.from), to: str(v.to) }, session), (rows) =>
        rows.map((r) => ({
          salesperson_external_id: r.salesperson_external_id,
          sales_count: r.sales_count,
          net_revenue: r.net_revenue,
          commission: r.commission,
        })),
      ),
  },
  margins: {
    summary: 'Margens: margins --from AAAA-MM-DD --to AAAA-MM-DD [--by variant|product|category] [--fees]',
    // --fees adds the payment fees and the margin after them (issue 17); without it, issue 13's fields exactly.
    options: { ...period, by: { type: 'string' }, fees: { type: 'boolean' } },
    run: (app, session, v, io) =>
      print(
        io,
        app.dispatch('analytics.margins', { from: str(v.from), to: str(v.to), by: str(v.by) ?? 'variant' }, session),
        (rows) =>
          rows.map((r) => ({
            key: r.key,
            quantity: r.quantity,
            net_revenue: r.net_revenue,
            margin: r.margin,
            margin_pct: r.margin_pct,
            ...(v.fees === true
              ? { fees: r.fees, margin_after_fees: r.margin_after_fees, margin_after_fees_pct: r.margin_after_fees_pct }
              : {}),
          })),
      ),
  },
  kpis: {
    summary: 'Indicadores do período e do anterior: kpis --from AAAA-MM-DD --to AAAA-MM-DD',
    options: period,
    run: (app, session, v, io) =>
      print(io, app.dispatch('analytics.kpis', { from: str(v.from), to: str(v.to) }, session), (k) => k),
  },
  demo: {
    summary: 'Loja de exemplo: demo --customers N --sales M --seed S',
    options: { customers: { type: 'string' }, sales: { type: 'string' }, seed: { type: 'string' } },
    run: (app, _session, v, io) => {
      const customers = Number(str(v.customers) ?? '500');
      const sales = Number(str(v.sales) ?? '5000');
      const seed = Number(str(v.seed) ?? '1');
      const bad =
        [customers, sales, seed].some((n) => !Number.isInteger(n) || n < 0) ||
        customers < 20 ||
        customers > 1_000_000 ||
        sales > 10_000_000;
      if (bad) {
        io.err('Erro (invalid_input): use --customers de 20 a 1.000.000, --sales de 0 a 10.000.000 e --seed inteiro.');
        return 1;
      }
      const summary = runDemo(app.db, { customers, sales, seed, now: app.clock.now() });
      io.out(io.json ? JSON.stringify(summary) : `Dados de exemplo criados: ${JSON.stringify(summary)}`);
      return 0;
    },
  },
};
