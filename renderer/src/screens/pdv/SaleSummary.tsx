import type { OpOutput } from '../../../../app/contract/operations';
import { formatMoney } from '../../format';
import type { Totals } from './cart';
import type { SaleCustomer } from './cart-store';

interface SaleSummaryProps {
  totals: Totals;
  customer: SaleCustomer | null;
  salespeople: OpOutput<'salespeople.list'>;
  salesperson: string;
  onSalesperson: (externalId: string) => void;
  notice: string;
}

const SHORTCUTS = [
  ['F2', 'Buscar produto'],
  ['F3', 'Vendas em espera'],
  ['F4', 'Cliente'],
  ['F5', 'Cancelar venda'],
  ['F6', 'Desconto na venda'],
  ['F7', 'Pôr em espera'],
  ['F8', 'Pagamento'],
  ['F10', 'Finalizar'],
  ['Esc', 'Fechar / voltar'],
  ['F1', 'PDV'],
  ['F9', 'Caixa'],
] as const;

/** The right-hand column: running totals, who is buying and selling, and the keys. */
export function SaleSummary({ totals, customer, salespeople, salesperson, onSalesperson, notice }: SaleSummaryProps) {
  return (
    <aside className="pdv-side">
      <dl className="totals" aria-label="Totais">
        <dt>Subtotal</dt>
        <dd>{formatMoney(totals.subtotal)}</dd>
        <dt>Descontos nos itens</dt>
        <dd>{formatMoney(totals.lineDiscounts)}</dd>
        <dt>Desconto na venda (F6)</dt>
        <dd data-testid="order-discount">{formatMoney(totals.orderDiscount)}</dd>
        <dt className="grand">Total</dt>
        <dd className="grand" data-testid="cart-total">
          {formatMoney(totals.total)}
        </dd>
      </dl>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      <p>
        Cliente (F4): <strong>{customer?.name ?? 'não informado'}</strong>
      </p>
      <label className="field">
        <span>Vendedor (opcional)</span>
        <select value={salesperson} onChange={(e) => onSalesperson(e.target.value)}>
          <option value="">—</option>
          {salespeople.map((s) => (
            <option key={s.id} value={s.external_id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <ul className="shortcuts" aria-label="Atalhos">
        {SHORTCUTS.map(([key, label]) => (
          <li key={key}>
            <kbd>{key}</kbd> {label}
          </li>
        ))}
      </ul>
    </aside>
  );
}
