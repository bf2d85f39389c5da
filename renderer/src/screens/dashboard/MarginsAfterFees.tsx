import { useEffect, useState } from 'react';
import type { ChartTable } from '../../../../app/analytics/charts';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { TableCard } from './ChartCard';
import type { Period } from './period';

type MarginRows = OpOutput<'analytics.margins'>;

const reais = (cents: number | null) => (cents === null ? '—' : Math.round(cents) / 100);
const pct = (v: number | null) => (v === null ? '—' : v);

/**
 * The period's margins by category with the payment fees allocated to their lines and the
 * margin after them (issue 17: "Margem após taxas"), from `analytics.margins` (by category).
 * Only for roles with `analytics.margins` (the caller decides); fetched apart from the
 * dashboard's data, so the dashboard never waits for it.
 */
export function marginsAfterFeesTable(rows: MarginRows): ChartTable | null {
  if (rows.length === 0) return null;
  return {
    header: [
      'Categoria',
      'Receita líquida (R$)',
      'Margem (R$)',
      'Taxas (R$)',
      'Margem após taxas (R$)',
      'Margem após taxas (%)',
    ],
    rows: rows.map((r) => [
      r.name || r.key || 'Sem categoria',
      reais(r.net_revenue),
      reais(r.margin),
      reais(r.fees),
      reais(r.margin_after_fees),
      pct(r.margin_after_fees_pct),
    ]),
  };
}

export function MarginsAfterFeesCard({ period }: { period: Period | null }) {
  const [table, setTable] = useState<ChartTable | null>(null);
  useEffect(() => {
    if (!period || period.from > period.to) return;
    let live = true;
    call('analytics.margins', { ...period, by: 'category' }).then(
      (rows) => live && setTable(marginsAfterFeesTable(rows)),
      () => live && setTable(null),
    );
    return () => {
      live = false;
    };
  }, [period]);
  return table ? <TableCard id="margins-after-fees" title="Margem após taxas" table={table} /> : null;
}
