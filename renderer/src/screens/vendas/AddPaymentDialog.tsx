import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { useForm } from '../../components/useForm';
import {
  centsToInput,
  formatMoney,
  METHOD_LABELS,
  parseMoney,
  PAYMENT_METHOD_LIST,
  type PaymentMethod,
} from '../../format';
import { generalMessage, messageFor, type CodeFields } from '../../api-errors';
import type { ActionDialogProps } from './CancelSaleDialog';

const CODE_FIELDS: CodeFields = {
  non_cash_overpayment: 'amount',
  cash_not_open: 'method',
  insufficient_store_credit: 'method',
};
const PATHS = ['method', 'amount', 'installments'];

/** Pays (part of) the open balance of a sale that is waiting for payment. */
export function AddPaymentDialog({ sale, onDone, onClose }: ActionDialogProps) {
  const balance = sale.total_cents - sale.paid_cents;
  const form = useForm({ method: 'pix', amount: centsToInput(balance), installments: '1' });
  const [externalId] = useState(() => crypto.randomUUID());

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const method = form.values.method as PaymentMethod;
    void form.submit(async () => {
      const amount = parseMoney(form.values.amount);
      await call('sales.pay', {
        external_id: externalId,
        reference_external_id: sale.external_id,
        method,
        // An unreadable amount goes as 0 so the contract answers with its own message.
        amount: amount ?? 0,
        ...(method === 'cartao_credito' ? { installments: Number(form.values.installments) } : {}),
      });
      onDone();
    });
  }

  const err = (path: string) => messageFor(form.error, path, CODE_FIELDS);
  const general = generalMessage(form.error, PATHS, CODE_FIELDS);
  return (
    <Dialog title="Adicionar pagamento" onClose={onClose}>
      <form onSubmit={onSubmit}>
        <p>
          Falta pagar <strong>{formatMoney(balance)}</strong> da venda {sale.number}.
        </p>
        <label className="field">
          <span>Forma de pagamento</span>
          <select {...form.bind('method')} aria-invalid={err('method') ? true : undefined}>
            {PAYMENT_METHOD_LIST.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABELS[m]}
              </option>
            ))}
          </select>
          {err('method') && (
            <small className="field-error" role="alert">
              {err('method')}
            </small>
          )}
        </label>
        <label className="field">
          <span>Valor (R$)</span>
          <input {...form.bind('amount')} inputMode="decimal" aria-invalid={err('amount') ? true : undefined} />
          {err('amount') && (
            <small className="field-error" role="alert">
              {err('amount')}
            </small>
          )}
        </label>
        {form.values.method === 'cartao_credito' && (
          <label className="field">
            <span>Parcelas</span>
            <input
              {...form.bind('installments')}
              inputMode="numeric"
              aria-invalid={err('installments') ? true : undefined}
            />
            {err('installments') && (
              <small className="field-error" role="alert">
                {err('installments')}
              </small>
            )}
          </label>
        )}
        <FormFooter error={general} submitLabel="Registrar pagamento" busy={form.busy} onBack={onClose} />
      </form>
    </Dialog>
  );
}
