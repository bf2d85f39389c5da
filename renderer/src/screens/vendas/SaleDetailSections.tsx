import {
  fiscalDocLabel,
  formatDateTime,
  formatMoney,
  formatNfeKey,
  formatQty,
  METHOD_LABELS,
  variantLabel,
  formatDate,
} from '../../format';
import { CONDITION_LABELS, REFUND_LABELS, STATUS_LABELS, type SaleDetailData } from './labels';
import { paymentFigures } from './payment-figures';

interface SectionProps {
  sale: SaleDetailData;
  tz: string;
}

/** The sale's lines; Devolv. and Desc. only when some line has them, so amounts keep their room. */
export function DetailItems({ sale }: { sale: SaleDetailData }) {
  const returns = sale.items.some((i) => i.returned_milli > 0);
  const discounts = sale.items.some((i) => i.line_discount_cents + i.order_discount_cents > 0);
  return (
    <table className="detail-table" aria-label="Itens">
      <thead>
        <tr>
          <th>Item</th>
          <th className="num">Qtd.</th>
          {returns && <th className="num">Devolv.</th>}
          {discounts && <th className="num">Desc.</th>}
          <th className="num">Líquido</th>
        </tr>
      </thead>
      <tbody>
        {sale.items.map((i) => (
          <tr key={i.id}>
            <td>
              {variantLabel(i)}
              <small className="muted item-sub">
                {i.sku} · {formatMoney(i.unit_price_cents)} un.
              </small>
            </td>
            <td className="num">{formatQty(i.qty_milli / 1000)}</td>
            {returns && <td className="num">{i.returned_milli ? formatQty(i.returned_milli / 1000) : '—'}</td>}
            {discounts && <td className="num">{formatMoney(i.line_discount_cents + i.order_discount_cents)}</td>}
            <td className="num">{formatMoney(i.net_cents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One payment's money: what was given, then applied and change when they differ (an all-change tender is not R$ 0,00). */
function PaymentAmount({ payment }: { payment: SaleDetailData['payments'][number] }) {
  const f = paymentFigures(payment);
  if (!f.split) return <span data-testid="payment-amount">{formatMoney(f.applied_cents)}</span>;
  return (
    <span data-testid="payment-amount">
      <span aria-label="Recebido">{formatMoney(f.tendered_cents)}</span>
      <small className="muted payment-figures">
        <span>aplicado {formatMoney(f.applied_cents)}</span> · <span>troco {formatMoney(f.change_cents)}</span>
      </small>
    </span>
  );
}

export function DetailPayments({ sale, tz }: SectionProps) {
  const balance = sale.total_cents - sale.paid_cents;
  return (
    <section aria-label="Pagamentos">
      <h3>Pagamentos</h3>
      {sale.payments.length === 0 && <p className="muted">Nenhum pagamento.</p>}
      <ul className="detail-list">
        {sale.payments.map((p) => (
          <li key={p.id}>
            <span>
              {METHOD_LABELS[p.method]}
              {p.installments > 1 ? ` ${p.installments}x` : ''}
              <small className="muted"> {formatDateTime(p.occurred_at, tz)}</small>
              {p.declined ? <small className="muted"> · recusado</small> : null}
              {p.fee_cents > 0 && (
                <small className="muted" data-testid="payment-fee">
                  {' '}
                  · taxa {formatMoney(p.fee_cents)} · líquido {formatMoney(p.net_cents)}
                </small>
              )}
            </span>
            <PaymentAmount payment={p} />
          </li>
        ))}
      </ul>
      {sale.installments.length > 0 && (
        <ol className="detail-list" aria-label="Parcelas do crediário">
          {sale.installments.map((i) => (
            <li key={i.number}>
              <span>
                {i.number}/{i.count} · vence {formatDate(i.due_date)}
              </span>
              <span>
                {formatMoney(i.amount_cents)} ·{' '}
                {i.status === 'paga' ? 'paga' : i.status === 'cancelada' ? 'cancelada' : 'em aberto'}
              </span>
            </li>
          ))}
        </ol>
      )}
      {balance > 0 && sale.status !== 'cancelada' && (
        <p className="detail-balance">
          Falta pagar <strong data-testid="detail-balance">{formatMoney(balance)}</strong>
        </p>
      )}
    </section>
  );
}

export function DetailHistory({ sale, tz }: SectionProps) {
  return (
    <section aria-label="Histórico de status">
      <h3>Histórico</h3>
      <ol className="detail-list">
        {sale.history.map((h) => (
          <li key={h.id}>
            <span>
              {h.from_status ? `${STATUS_LABELS[h.from_status]} → ` : ''}
              <strong>{STATUS_LABELS[h.to_status]}</strong>
              {h.reason && <small className="muted"> · {h.reason}</small>}
            </span>
            <small className="muted">{formatDateTime(h.occurred_at, tz)}</small>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function DetailReversals({ sale, tz }: SectionProps) {
  if (sale.returns.length === 0 && !sale.cancellation) return null;
  return (
    <section aria-label="Devoluções e cancelamento">
      <h3>{sale.cancellation ? 'Cancelamento' : 'Devoluções'}</h3>
      <ul className="detail-list">
        {sale.returns.map((r) => (
          <li key={r.id}>
            <span>
              {r.reason}
              <small className="muted">
                {' '}
                · {CONDITION_LABELS[r.condition]} · {REFUND_LABELS[r.refund_method]} ·{' '}
                {formatDateTime(r.occurred_at, tz)}
              </small>
            </span>
            <span>{formatMoney(r.refund_cents)}</span>
          </li>
        ))}
        {sale.cancellation && (
          <li>
            <span>
              {sale.cancellation.reason}
              <small className="muted"> · {formatDateTime(sale.cancellation.occurred_at, tz)}</small>
            </span>
            <span>{formatMoney(sale.cancellation.refund_cents)}</span>
          </li>
        )}
      </ul>
    </section>
  );
}

export function DetailFiscal({ sale, tz }: SectionProps) {
  if (sale.fiscal.length === 0) return null;
  return (
    <section aria-label="Dados fiscais">
      <h3>Dados fiscais</h3>
      {sale.fiscal.map((f) => (
        <dl key={f.id} className="detail-dl">
          <dt>Documento</dt>
          <dd>
            {fiscalDocLabel(f.doc_type)} nº {f.fiscal_number} série {f.serie} · CFOP {f.cfop}
          </dd>
          <dt>Emissão</dt>
          <dd>{formatDateTime(f.issued_at, tz)}</dd>
          <dt>Chave</dt>
          <dd className="nfe-key">{formatNfeKey(f.nfe_key)}</dd>
          <dt>Tributos</dt>
          <dd>
            {formatMoney(f.total_tax_cents)} (ICMS {formatMoney(f.icms_cents)}, PIS {formatMoney(f.pis_cents)}, COFINS{' '}
            {formatMoney(f.cofins_cents)})
          </dd>
        </dl>
      ))}
    </section>
  );
}
