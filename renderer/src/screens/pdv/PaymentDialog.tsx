import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, call } from '../../api';
import { centsToInput, formatMoney, METHOD_LABELS, parseMoney, type PaymentMethod } from '../../format';
import { Dialog } from '../../components/Dialog';
import { CrediarioPlanView } from './CrediarioPlan';
import { DIALOG_METHODS, localDatePlus, paymentSums, type Tender } from './payments';
import { PixQrCode } from './PixQrCode';

interface PaymentDialogProps {
  total: number;
  tenders: Tender[];
  onTenders: (tenders: Tender[]) => void;
  onFinish: () => void;
  onClose: () => void;
  error: string;
  busy: boolean;
  /** The sale's customer (crediário needs one, with a CPF). */
  customerId: string | null;
}

/** Split tender: each method adds a line; cash may exceed what is due and the excess is change. */
export function PaymentDialog({
  total,
  tenders,
  onTenders,
  onFinish,
  onClose,
  error,
  busy,
  customerId,
}: PaymentDialogProps) {
  const { remaining, change, nonCash } = paymentSums(total, tenders);
  const [method, setMethod] = useState<PaymentMethod>('dinheiro');
  const [amount, setAmount] = useState(centsToInput(remaining));
  const [installments, setInstallments] = useState('1');
  const [firstDue, setFirstDue] = useState(() => localDatePlus(30));
  const [quoting, setQuoting] = useState(false);
  const [fieldError, setFieldError] = useState('');
  const methodRef = useRef<HTMLSelectElement>(null);
  const finishRef = useRef<HTMLButtonElement>(null);

  useEffect(() => setAmount(centsToInput(remaining)), [remaining]);
  // The QR code is for PIX lines the dialog accepted, never for an amount still being typed
  // (a refused R$ 100,00 on a R$ 59,90 sale must not reach the customer's phone).
  const pixAmount = tenders.filter((t) => t.method === 'pix').reduce((a, t) => a + t.amount, 0);
  const pixAccepted = pixAmount > 0 && nonCash <= total;

  const parcelled = method === 'cartao_credito' || method === 'crediario';

  /** Crediário: the plan is asked of the server (interest, total, limit) before the line is added. */
  async function crediarioTender(cents: number, n: number): Promise<Tender | null> {
    if (!customerId) {
      setFieldError('Crediário só para cliente identificado com CPF: volte (Esc) e identifique o cliente (F4).');
      return null;
    }
    setQuoting(true);
    try {
      const plan = await call('payments.crediario_quote', {
        customer_id: customerId,
        amount: cents,
        installments: n,
        first_due_date: firstDue,
      });
      return { method, amount: cents, installments: n, firstDueDate: firstDue, plan };
    } catch (e) {
      setFieldError(e instanceof ApiError ? e.message : 'Erro ao calcular as parcelas.');
      return null;
    } finally {
      setQuoting(false);
    }
  }

  async function addTender() {
    if (quoting) return;
    const cents = parseMoney(amount);
    if (cents === null || cents <= 0) return setFieldError('Informe um valor maior que zero.');
    if (method !== 'dinheiro' && nonCash + cents > total)
      return setFieldError('Pagamentos que não são em dinheiro não podem passar do valor devido.');
    const n = Number(installments);
    if (parcelled && !(Number.isInteger(n) && n >= 1 && n <= 12)) return setFieldError('Parcelas: de 1 a 12.');
    setFieldError('');
    const tender =
      method === 'crediario'
        ? await crediarioTender(cents, n)
        : { method, amount: cents, installments: method === 'cartao_credito' ? n : 1 };
    if (!tender) return;
    const next = [...tenders, tender];
    onTenders(next);
    setMethod('dinheiro');
    if (paymentSums(total, next).remaining === 0) setTimeout(() => finishRef.current?.focus(), 0);
    else methodRef.current?.focus();
  }

  function removeTender(index: number) {
    onTenders(tenders.filter((_, j) => j !== index));
    // The clicked button disappears with its line; the keyboard stays with the dialog.
    setTimeout(() => methodRef.current?.focus(), 0);
  }

  /** 1–7 pick the method from anywhere in the dialog except a text field. */
  function onDialogKey(e: globalThis.KeyboardEvent) {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    const picked = /^[1-9]$/.test(e.key) ? DIALOG_METHODS[Number(e.key) - 1] : undefined;
    if (!picked) return;
    e.preventDefault();
    setMethod(picked);
    methodRef.current?.focus();
  }

  function onAmountKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (remaining === 0 && (amount.trim() === '' || parseMoney(amount) === 0)) onFinish();
    else void addTender();
  }

  return (
    <Dialog title="Pagamento" onClose={onClose} onKey={onDialogKey} wide>
      <p className="pay-total">
        Total <strong>{formatMoney(total)}</strong>
      </p>
      <div className="pay-form">
        <label className="field">
          <span>Forma de pagamento (1–7)</span>
          <select ref={methodRef} value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
            {DIALOG_METHODS.map((m, i) => (
              <option key={m} value={m}>
                {i + 1} · {METHOD_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Valor (R$)</span>
          <input
            value={amount}
            inputMode="decimal"
            aria-invalid={fieldError ? true : undefined}
            onChange={(e) => setAmount(e.target.value)}
            onFocus={(e) => e.target.select()}
            onKeyDown={onAmountKey}
          />
        </label>
        {parcelled && (
          <label className="field">
            <span>Parcelas (1–12)</span>
            <input
              value={installments}
              inputMode="numeric"
              onChange={(e) => setInstallments(e.target.value)}
              onKeyDown={onAmountKey}
            />
          </label>
        )}
        {method === 'crediario' && (
          <label className="field">
            <span>1º vencimento</span>
            <input type="date" value={firstDue} onChange={(e) => setFirstDue(e.target.value)} onKeyDown={onAmountKey} />
          </label>
        )}
        <button type="button" onClick={() => void addTender()} aria-disabled={quoting || undefined}>
          Adicionar
        </button>
      </div>
      {fieldError && (
        <p className="field-error" role="alert">
          {fieldError}
        </p>
      )}
      {pixAccepted && <PixQrCode amountCents={pixAmount} />}
      {tenders.map((t, i) => t.plan && <CrediarioPlanView key={i} plan={t.plan} />)}
      <ul className="tenders" aria-label="Pagamentos">
        {tenders.map((t, i) => (
          <li key={i}>
            <span>
              {METHOD_LABELS[t.method]}
              {t.installments > 1 ? ` (${t.installments}x)` : ''}
            </span>
            <strong>{formatMoney(t.amount)}</strong>
            <button
              type="button"
              className="link"
              aria-label={`Remover pagamento ${i + 1}`}
              onClick={() => removeTender(i)}
            >
              Remover
            </button>
          </li>
        ))}
      </ul>
      <dl className="pay-sums">
        <dt>Falta</dt>
        <dd data-testid="remaining">{formatMoney(remaining)}</dd>
        <dt>Troco</dt>
        <dd data-testid="change">{formatMoney(change)}</dd>
      </dl>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onClose}>
          Voltar (Esc)
        </button>
        {/* aria-disabled, not disabled: a disabled button drops the focus out of the dialog. */}
        <button
          ref={finishRef}
          type="button"
          className="primary"
          aria-disabled={busy || undefined}
          onClick={() => !busy && onFinish()}
        >
          Finalizar venda (F10)
        </button>
      </div>
    </Dialog>
  );
}
