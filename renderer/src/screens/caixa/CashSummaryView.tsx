import type { OpOutput } from '../../../../app/contract/operations';
import { countOf, formatMoney, METHOD_LABELS, PAYMENT_METHOD_LIST } from '../../format';

export function CashSummaryView({ summary: s }: { summary: OpOutput<'cash.summary'> }) {
  const rows: [string, number, string?][] = [
    ['Fundo de troco', s.opening_float_cents],
    ['Dinheiro recebido', s.cash_received_cents],
    ['Troco dado', -s.change_given_cents],
    ['Suprimentos', s.suprimentos_cents],
    ['Sangrias', -s.sangrias_cents],
    ['Devoluções em dinheiro', -s.cash_refunds_cents],
    ['Dinheiro esperado', s.expected_cash_cents, 'expected-cash'],
  ];
  return (
    <section className="panel" aria-label="Resumo do caixa">
      <h2>
        {s.register.name} — {countOf(s.sales_count, 'venda')}
      </h2>
      <dl className="totals">
        {rows.map(([label, cents, testId]) => (
          <div key={label} className={testId ? 'grand' : undefined}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{formatMoney(cents)}</dd>
          </div>
        ))}
      </dl>
      <h3>Por forma de pagamento</h3>
      <dl className="totals">
        {PAYMENT_METHOD_LIST.map((m) => (
          <div key={m}>
            <dt>{METHOD_LABELS[m]}</dt>
            <dd>{formatMoney(s.totals_by_method[m])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
