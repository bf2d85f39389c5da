import type { OpOutput } from '../../../../app/contract/operations';
import {
  fiscalDocLabel,
  formatCnpj,
  formatDateTime,
  formatMoney,
  formatNfeKey,
  formatQty,
  METHOD_LABELS,
  variantLabel,
  formatDate,
} from '../../format';
import './receipt.css';

export type ReceiptSale = OpOutput<'sales.get'>;
type ReceiptWidth = 80 | 58;

interface ReceiptViewProps {
  sale: ReceiptSale;
  /** Defaults to the store's setting. */
  width?: ReceiptWidth;
  /**
   * A second copy (Vendas → reimprimir): marked "2ª via" and without the PIX "copia e cola",
   * which would invite paying again a charge already paid.
   */
  reprint?: boolean;
}

/**
 * The printed receipt (cupom não fiscal, and it says so), 80 mm or 58 mm wide; used at the PDV
 * and for reprints. At the sale, a sale paid by PIX carries its "copia e cola" so the customer
 * can check what was paid; a reprint leaves it out.
 */
export function ReceiptView({ sale, width = sale.store?.receipt_width_mm ?? 80, reprint = false }: ReceiptViewProps) {
  const pixPayload = reprint ? null : sale.pix_payload;
  const tz = sale.store?.timezone ?? 'America/Sao_Paulo';
  const fiscal = sale.fiscal[0];
  return (
    <article className={`receipt receipt-${width}`} aria-label="Cupom" data-width={width}>
      <header>
        <strong>{sale.store?.name}</strong>
        {sale.store?.cnpj && <div>CNPJ {formatCnpj(sale.store.cnpj)}</div>}
        {sale.store?.address && <div>{sale.store.address}</div>}
        <div className="r-nonfiscal" data-testid="receipt-nonfiscal">
          NÃO É DOCUMENTO FISCAL
        </div>
        {reprint && <div>2ª VIA</div>}
        <div className="rule" />
        <div>Venda {sale.number}</div>
        <div>{formatDateTime(sale.occurred_at, tz)}</div>
        {sale.status === 'cancelada' && <div className="strong">*** VENDA CANCELADA ***</div>}
      </header>
      <div className="rule" />
      {sale.items.map((i) => (
        <div key={i.id} className="r-item">
          <div>{variantLabel(i)}</div>
          <div className="r-row">
            <span>
              {formatQty(i.qty_milli / 1000)} x {formatMoney(i.unit_price_cents)}
            </span>
            <span>{formatMoney(i.amount_cents)}</span>
          </div>
          {i.line_discount_cents > 0 && <Row label="Desconto" cents={-i.line_discount_cents} />}
        </div>
      ))}
      <div className="rule" />
      <Row label="Subtotal" cents={sale.subtotal_cents} />
      {sale.line_discount_cents > 0 && <Row label="Descontos nos itens" cents={-sale.line_discount_cents} />}
      {sale.order_discount_cents > 0 && <Row label="Desconto na venda" cents={-sale.order_discount_cents} />}
      <Row label="TOTAL" cents={sale.total_cents} strong testId="receipt-total" />
      <div className="rule" />
      {sale.payments.map((p) => (
        <Row
          key={p.id}
          label={`${METHOD_LABELS[p.method]}${p.installments > 1 ? ` ${p.installments}x` : ''}`}
          cents={p.tendered_cents ?? p.amount_cents}
        />
      ))}
      <Row label="Troco" cents={sale.change_cents} testId="receipt-change" />
      {sale.installments.length > 0 && (
        <div className="r-crediario" aria-label="Parcelas do crediário">
          <div className="rule" />
          <div>CREDIÁRIO — PARCELAS</div>
          {sale.installments.map((i) => (
            <Row
              key={i.number}
              label={`${i.number}/${i.count} vence ${formatDate(i.due_date)}`}
              cents={i.amount_cents}
            />
          ))}
        </div>
      )}
      {sale.refunded_cents > 0 && <Row label="Devolvido" cents={-sale.refunded_cents} />}
      <div className="rule" />
      {sale.salesperson && <div>Vendedor: {sale.salesperson.name}</div>}
      {sale.customer && <div>Cliente: {sale.customer.name}</div>}
      {pixPayload && (
        <div className="r-pix">
          <div>PIX copia e cola:</div>
          <code>{pixPayload}</code>
        </div>
      )}
      {fiscal && (
        <div className="r-fiscal">
          <div>
            {fiscalDocLabel(fiscal.doc_type)} nº {fiscal.fiscal_number} série {fiscal.serie}
          </div>
          <div>Chave de acesso:</div>
          <code>{formatNfeKey(fiscal.nfe_key)}</code>
        </div>
      )}
      <footer>Obrigado pela preferência!</footer>
    </article>
  );
}

function Row({ label, cents, strong, testId }: { label: string; cents: number; strong?: boolean; testId?: string }) {
  return (
    <div className={strong ? 'r-row strong' : 'r-row'}>
      <span>{label}</span>
      <span data-testid={testId}>{formatMoney(cents)}</span>
    </div>
  );
}
