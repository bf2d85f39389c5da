import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { Dialog } from '../../components/Dialog';
import { centsToInput, formatMoney, METHOD_LABELS, parseMoney } from '../../format';
import { printScreen } from '../../print';
import { dayBR } from './files';

type Quote = OpOutput<'payments.installment_quote'>;
type Receipt = OpOutput<'payments.receive_installment'>;
const METHODS = ['dinheiro', 'pix', 'cartao_debito', 'cartao_credito'] as const;

interface ReceiveDialogProps {
  saleExternalId: string;
  installmentNumber: number;
  customerName: string;
  onDone: () => void;
  onClose: () => void;
}

/**
 * Receiving a crediário parcela at the caixa (issue 17): the parcela with its late charges as of
 * today (fine + pro-rata interest, shown before confirming), the method and amount given (only
 * cash may exceed it: change), then a receipt to print. The money enters the open caixa.
 */
export function ReceiveDialog({
  saleExternalId,
  installmentNumber,
  customerName,
  onDone,
  onClose,
}: ReceiveDialogProps) {
  const [quote, setQuote] = useState<Quote | null>(null);
  const [method, setMethod] = useState<(typeof METHODS)[number]>('dinheiro');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [externalId] = useState(() => crypto.randomUUID());
  const methodRef = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    call('payments.installment_quote', { reference_external_id: saleExternalId, installment_number: installmentNumber })
      .then((q) => {
        setQuote(q);
        setAmount(centsToInput(q.total_cents));
        setTimeout(() => methodRef.current?.focus(), 0);
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Erro ao consultar a parcela.'));
  }, [saleExternalId, installmentNumber]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy || !quote) return;
    const cents = parseMoney(amount);
    if (cents === null || cents <= 0) return setError('Informe o valor recebido.');
    setBusy(true);
    setError('');
    try {
      setReceipt(
        await call('payments.receive_installment', {
          external_id: externalId,
          reference_external_id: saleExternalId,
          installment_number: installmentNumber,
          method,
          amount: cents,
        }),
      );
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Erro ao receber a parcela.');
    } finally {
      setBusy(false);
    }
  }

  if (receipt) return <ReceiptPanel receipt={receipt} customerName={customerName} method={method} onClose={onClose} />;
  return (
    <Dialog title="Receber parcela" onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)}>
        <p>
          {customerName} — venda {saleExternalId}
        </p>
        {quote && <QuoteFigures quote={quote} />}
        <label className="field">
          <span>Forma de recebimento</span>
          <select
            ref={methodRef}
            value={method}
            onChange={(e) => setMethod(e.target.value as (typeof METHODS)[number])}
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Valor recebido (R$)</span>
          <input
            value={amount}
            inputMode="decimal"
            onChange={(e) => setAmount(e.target.value)}
            onFocus={(e) => e.target.select()}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Voltar (Esc)
          </button>
          <button type="submit" className="primary" aria-disabled={busy || !quote || undefined}>
            Confirmar recebimento (Enter)
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function QuoteFigures({ quote }: { quote: Quote }) {
  return (
    <dl className="totals" aria-label="Valor da parcela">
      <div>
        <dt>
          Parcela {quote.installment_number}/{quote.count} · vence {dayBR(quote.due_date)}
        </dt>
        <dd>{formatMoney(quote.amount_cents)}</dd>
      </div>
      {quote.days_late > 0 && (
        <>
          <div>
            <dt>Multa ({quote.days_late} dias de atraso)</dt>
            <dd data-testid="quote-fine">{formatMoney(quote.fine_cents)}</dd>
          </div>
          <div>
            <dt>Juros</dt>
            <dd data-testid="quote-interest">{formatMoney(quote.interest_cents)}</dd>
          </div>
        </>
      )}
      <div className="grand">
        <dt>Total a receber</dt>
        <dd data-testid="quote-total">{formatMoney(quote.total_cents)}</dd>
      </div>
    </dl>
  );
}

/** The printed proof of a parcela received (a cupom, not a fiscal document). */
function ReceiptPanel({
  receipt,
  customerName,
  method,
  onClose,
}: {
  receipt: Receipt;
  customerName: string;
  method: (typeof METHODS)[number];
  onClose: () => void;
}) {
  const q = receipt.installment;
  return (
    <Dialog title="Parcela recebida" onClose={onClose}>
      <article className="receipt receipt-80" aria-label="Comprovante de parcela">
        <div>COMPROVANTE DE PAGAMENTO — CREDIÁRIO</div>
        <div>NÃO É DOCUMENTO FISCAL</div>
        <div>Cliente: {customerName}</div>
        <div>
          Venda {q.sale_external_id} · parcela {q.installment_number}/{q.count} · venceu {dayBR(q.due_date)}
        </div>
        <div>Valor da parcela: {formatMoney(q.amount_cents)}</div>
        {q.fine_cents + q.interest_cents > 0 && (
          <div>
            Multa {formatMoney(q.fine_cents)} · juros {formatMoney(q.interest_cents)}
          </div>
        )}
        <div data-testid="receipt-paid">
          Pago ({METHOD_LABELS[method]}): {formatMoney(q.total_cents)}
        </div>
        {receipt.change_cents > 0 && <div>Troco: {formatMoney(receipt.change_cents)}</div>}
      </article>
      <div className="actions">
        <button type="button" onClick={() => void printScreen().catch(() => undefined)}>
          Imprimir
        </button>
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Concluir (Esc)
        </button>
      </div>
    </Dialog>
  );
}
