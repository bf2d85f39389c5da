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
      {s.fees_by_method && s.fees_by_method.length > 0 && <h3>Taxas de cartão e PIX</h3>}
      {s.fees_by_method && s.fees_by_method.length > 0 && (
        <table className="list" aria-label="Taxas por forma de pagamento">
          <thead>
            <tr>
              <th>Forma</th>
              <th className="num">Bruto</th>
              <th className="num">Taxas</th>
              <th className="num">Líquido</th>
            </tr>
          </thead>
          <tbody>
            {s.fees_by_method.map((f) => (
              <tr key={f.method}>
                <td>{METHOD_LABELS[f.method as keyof typeof METHOD_LABELS] ?? f.method}</td>
                <td className="num">{formatMoney(f.gross_cents)}</td>
                <td className="num">{formatMoney(f.fee_cents)}</td>
                <td className="num">{formatMoney(f.net_cents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
