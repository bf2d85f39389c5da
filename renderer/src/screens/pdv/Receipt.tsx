import { useEffect, useRef, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatCnpj, formatDateTime, formatMoney, formatQty, METHOD_LABELS } from '../../format';

type Sale = OpOutput<'sales.get'>;

interface ReceiptProps {
  saleId: string;
  onNext: () => void;
}

/** The 80 mm receipt preview; Enter or Esc starts the next sale. */
export function Receipt({ saleId, onNext }: ReceiptProps) {
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState('');
  const nextRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    call('sales.get', { sale_id: saleId })
      .then(setSale)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Erro ao carregar a venda.'));
  }, [saleId]);

  useEffect(() => {
    nextRef.current?.focus();
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== 'Escape' && e.key !== 'Enter') return;
      if (e.key === 'Enter' && e.target instanceof HTMLButtonElement && e.target !== nextRef.current) return;
      e.preventDefault();
      onNext();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onNext]);

  const tz = sale?.store?.timezone ?? 'America/Sao_Paulo';
  return (
    <section className="receipt-screen" aria-label="Comprovante">
      {error && <p className="error">{error}</p>}
      {sale && (
        <article className="receipt" aria-label="Cupom">
          <header>
            <strong>{sale.store?.name}</strong>
            {sale.store?.cnpj && <div>CNPJ {formatCnpj(sale.store.cnpj)}</div>}
            {sale.store?.address && <div>{sale.store.address}</div>}
            <div className="rule" />
            <div>Venda {sale.number}</div>
            <div>{formatDateTime(sale.occurred_at, tz)}</div>
          </header>
          <div className="rule" />
          {sale.items.map((i) => (
            <div key={i.id} className="r-item">
              <div>{[i.name, i.size, i.color].filter(Boolean).join(' ')}</div>
              <div className="r-row">
                <span>
                  {formatQty(i.qty_milli / 1000)} x {formatMoney(i.unit_price_cents)}
                </span>
                <span>{formatMoney(i.amount_cents)}</span>
              </div>
              {i.line_discount_cents > 0 && (
                <div className="r-row">
                  <span>Desconto</span>
                  <span>-{formatMoney(i.line_discount_cents)}</span>
                </div>
              )}
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
          <div className="rule" />
          {sale.salesperson && <div>Vendedor: {sale.salesperson.name}</div>}
          {sale.customer && <div>Cliente: {sale.customer.name}</div>}
          <footer>Obrigado pela preferência!</footer>
        </article>
      )}
      <div className="actions no-print">
        <button type="button" onClick={() => window.print()}>
          Imprimir
        </button>
        <button ref={nextRef} type="button" className="primary" onClick={onNext}>
          Próxima venda (Enter/Esc)
        </button>
      </div>
    </section>
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
