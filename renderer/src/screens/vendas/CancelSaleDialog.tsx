import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { useForm } from '../../components/useForm';
import { formatMoney } from '../../format';
import { generalMessage, messageFor } from '../../api-errors';
import type { SaleDetailData } from './labels';

interface ActionDialogProps {
  sale: SaleDetailData;
  onDone: () => void;
  onClose: () => void;
}

export type { ActionDialogProps };

/** Cancels the whole sale: stock comes back and the sale leaves the period's net total. */
export function CancelSaleDialog({ sale, onDone, onClose }: ActionDialogProps) {
  const form = useForm({ reason: '' });
  // One id per dialog: a double Enter is the same cancellation, not a second refusal.
  const [externalId] = useState(() => crypto.randomUUID());

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      await call('sales.cancel', {
        external_id: externalId,
        reference_external_id: sale.external_id,
        reason: form.values.reason,
      });
      onDone();
    });
  }

  const general = generalMessage(form.error, ['reason']);
  return (
    <Dialog title="Cancelar venda" onClose={onClose}>
      <form onSubmit={onSubmit}>
        <p>
          Venda <strong>{sale.number}</strong> de {formatMoney(sale.total_cents)}. O estoque volta e os pagamentos são
          estornados.
        </p>
        <label className="field">
          <span>Motivo do cancelamento</span>
          <input
            {...form.bind('reason')}
            aria-invalid={messageFor(form.error, 'reason') ? true : undefined}
            autoComplete="off"
          />
          {messageFor(form.error, 'reason') && (
            <small className="field-error" role="alert">
              {messageFor(form.error, 'reason')}
            </small>
          )}
        </label>
        <FormFooter error={general} submitLabel="Cancelar venda" busy={form.busy} danger onBack={onClose} />
      </form>
    </Dialog>
  );
}
