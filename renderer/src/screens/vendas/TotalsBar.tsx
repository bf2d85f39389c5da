import { countOf, formatMoney } from '../../format';
import type { SaleTotals } from './labels';

/**
 * The totals of the whole filtered set (not of the rows in view), from the query itself.
 * Total − Devolvido = Líquido; cancelled sales are counted in Vendas and shown apart.
 */
export function TotalsBar({ totals }: { totals: SaleTotals | null }) {
  const items: [string, string, string][] = [
    ['Vendas', totals ? totals.count.toLocaleString('pt-BR') : '…', 'totals-count'],
    ['Total', totals ? formatMoney(totals.total_cents) : '…', 'totals-total'],
    ['Devolvido', totals ? formatMoney(totals.refunded_cents) : '…', 'totals-refunded'],
    ['Líquido', totals ? formatMoney(totals.net_cents) : '…', 'totals-net'],
    [
      'Canceladas',
      totals ? `${countOf(totals.cancelled_count, 'venda')} · ${formatMoney(totals.cancelled_cents)}` : '…',
      'totals-cancelled',
    ],
  ];
  return (
    <dl className="vendas-totals" aria-label="Totais do período">
      {items.map(([label, value, testId]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
