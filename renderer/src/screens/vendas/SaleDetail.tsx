import { useEffect, useRef, useState } from 'react';
import { ApiError, call } from '../../api';
import { formatDateTime, formatMoney } from '../../format';
import { useSession } from '../../session-store';
import { AddPaymentDialog } from './AddPaymentDialog';
import { CancelSaleDialog } from './CancelSaleDialog';
import { FiscalDialog } from './FiscalDialog';
import { saleActions, STATUS_LABELS, type SaleDetailData } from './labels';
import { ReprintDialog } from './ReprintDialog';
import { ReturnDialog } from './ReturnDialog';
import { DetailFiscal, DetailHistory, DetailItems, DetailPayments, DetailReversals } from './SaleDetailSections';

type DialogKind = 'cancel' | 'return' | 'fiscal' | 'pay' | 'reprint' | null;

interface SaleDetailProps {
  saleId: string;
  onClose: () => void;
  /** After an action: the list reloads its pages and totals. */
  onChanged: () => void;
}

export function SaleDetail({ saleId, onClose, onChanged }: SaleDetailProps) {
  const [sale, setSale] = useState<SaleDetailData | null>(null);
  const [error, setError] = useState('');
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [version, setVersion] = useState(0);
  const role = useSession((s) => s.status?.user?.role);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    let live = true;
    call('sales.get', { sale_id: saleId })
      .then((s) => {
        if (!live) return;
        setSale(s);
        setError('');
      })
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : 'Erro ao carregar a venda.'));
    return () => {
      live = false;
    };
  }, [saleId, version]);

  const closeDialog = () => {
    setDialog(null);
    setTimeout(() => panelRef.current?.focus(), 0);
  };
  const done = () => {
    closeDialog();
    setVersion((v) => v + 1);
    onChanged();
  };

  if (!sale)
    return (
      <aside className="sale-detail" aria-label="Detalhe da venda">
        <p className={error ? 'error' : 'muted'}>{error || 'Carregando…'}</p>
      </aside>
    );

  // While the next sale loads (the detail follows the list's selection) the previous one stays
  // on screen, dimmed and with its actions off, so nothing acts on the wrong sale.
  const stale = sale.sale_id !== saleId;
  const tz = sale.store?.timezone ?? 'America/Sao_Paulo';
  const can = saleActions(sale, role);
  const dialogProps = { sale, onDone: done, onClose: closeDialog };
  return (
    <aside
      ref={panelRef}
      className={stale ? 'sale-detail stale' : 'sale-detail'}
      aria-label="Detalhe da venda"
      aria-busy={stale}
      tabIndex={-1}
    >
      <header className="detail-header">
        <h2>Venda {sale.number}</h2>
        <span className={`status status-${sale.status}`} data-testid="detail-status">
          {STATUS_LABELS[sale.status]}
        </span>
        <button type="button" className="link detail-close" onClick={onClose}>
          Fechar (Esc)
        </button>
      </header>
      <dl className="detail-dl">
        <dt>Data/hora</dt>
        <dd>{formatDateTime(sale.occurred_at, tz)}</dd>
        <dt>Cliente</dt>
        <dd>{sale.customer?.name ?? '—'}</dd>
        <dt>Vendedor</dt>
        <dd>{sale.salesperson?.name ?? '—'}</dd>
        <dt>Caixa</dt>
        <dd>{sale.register ? `${sale.register.name} (${sale.register.code})` : sale.channel}</dd>
      </dl>
      <fieldset className="detail-actions" aria-label="Ações da venda" disabled={stale}>
        {can.pay && (
          <button type="button" onClick={() => setDialog('pay')}>
            Adicionar pagamento
          </button>
        )}
        {can.return && (
          <button type="button" onClick={() => setDialog('return')}>
            Devolver
          </button>
        )}
        {can.fiscal && (
          <button type="button" onClick={() => setDialog('fiscal')}>
            Registrar dados fiscais
          </button>
        )}
        <button type="button" onClick={() => setDialog('reprint')}>
          Reimprimir
        </button>
        {can.cancel && (
          <button type="button" className="danger" onClick={() => setDialog('cancel')}>
            Cancelar venda
          </button>
        )}
      </fieldset>
      <DetailItems sale={sale} />
      <dl className="detail-sums">
        <dt>Subtotal</dt>
        <dd>{formatMoney(sale.subtotal_cents)}</dd>
        <dt>Descontos</dt>
        <dd>{formatMoney(sale.subtotal_cents - sale.total_cents)}</dd>
        <dt>Total</dt>
        <dd data-testid="detail-total">{formatMoney(sale.total_cents)}</dd>
        <dt>Devolvido</dt>
        <dd data-testid="detail-refunded">{formatMoney(sale.refunded_cents)}</dd>
        <dt>Líquido</dt>
        <dd data-testid="detail-net">{formatMoney(sale.net_cents)}</dd>
      </dl>
      <DetailPayments sale={sale} tz={tz} />
      <DetailReversals sale={sale} tz={tz} />
      <DetailFiscal sale={sale} tz={tz} />
      <DetailHistory sale={sale} tz={tz} />
      {dialog === 'cancel' && <CancelSaleDialog {...dialogProps} />}
      {dialog === 'return' && <ReturnDialog {...dialogProps} />}
      {dialog === 'fiscal' && <FiscalDialog {...dialogProps} />}
      {dialog === 'pay' && <AddPaymentDialog {...dialogProps} />}
      {dialog === 'reprint' && <ReprintDialog sale={sale} onClose={closeDialog} />}
    </aside>
  );
}
