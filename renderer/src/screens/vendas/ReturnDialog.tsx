import { useState, type FormEvent } from 'react';
import { call, type ApiError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';
import { formatQty, parseQty, variantLabel } from '../../format';
import { errorOf, generalMessage, messageFor, type CodeFields } from '../../api-errors';
import type { ActionDialogProps } from './CancelSaleDialog';
import { CONDITION_LABELS, REFUND_LABELS, type RefundMethod, type ReturnCondition } from './labels';

const CODE_FIELDS: CodeFields = {
  customer_required: 'refund_method',
  cash_not_open: 'refund_method',
  cash_refund_needs_open_cash: 'refund_method',
  return_exceeds_sold: 'items',
};
const PATHS = ['items', 'reason', 'condition', 'refund_method'];

/** Pick lines and quantities; the refund is computed by the core (net × returned / sold). */
export function ReturnDialog({ sale, onDone, onClose }: ActionDialogProps) {
  const lines = sale.items.filter((i) => i.qty_milli > i.returned_milli);
  const [qty, setQty] = useState<Record<string, string>>({});
  const [condition, setCondition] = useState<ReturnCondition>('revenda');
  const [refund, setRefund] = useState<RefundMethod>('original');
  const [reason, setReason] = useState('');
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [externalId] = useState(() => crypto.randomUUID());

  function pickedItems() {
    const errors: Record<string, string> = {};
    const bySku = new Map<string, number>();
    for (const line of lines) {
      const text = (qty[line.id] ?? '').trim();
      if (text === '' || text === '0') continue;
      const q = parseQty(text);
      const left = (line.qty_milli - line.returned_milli) / 1000;
      if (q === null || q <= 0) errors[line.id] = 'Quantidade inválida.';
      else if (q > left) errors[line.id] = `No máximo ${formatQty(left)}.`;
      else bySku.set(line.sku, (bySku.get(line.sku) ?? 0) + Math.round(q * 1000));
    }
    return { errors, items: [...bySku].map(([sku, milli]) => ({ variant_external_id: sku, qty: milli / 1000 })) };
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const { errors, items } = pickedItems();
    setLineErrors(errors);
    if (Object.keys(errors).length) return;
    setBusy(true);
    setError(null);
    try {
      await call('sales.return', {
        external_id: externalId,
        reference_external_id: sale.external_id,
        items,
        reason,
        condition,
        refund_method: refund,
      });
      onDone();
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  }

  const err = (path: string) => messageFor(error, path, CODE_FIELDS);
  const general = generalMessage(error, PATHS, CODE_FIELDS);
  return (
    <Dialog title="Devolver itens" onClose={onClose} wide>
      <form onSubmit={(e) => void onSubmit(e)}>
        <table className="detail-table" aria-label="Itens a devolver">
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">Vendida</th>
              <th className="num">Já devolvida</th>
              <th className="num">Devolver</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id}>
                <td>{variantLabel(l)}</td>
                <td className="num">{formatQty(l.qty_milli / 1000)}</td>
                <td className="num">{formatQty(l.returned_milli / 1000)}</td>
                <td className="num">
                  <div className="cell-edit">
                    <input
                      aria-label={`Devolver ${l.name}`}
                      inputMode="decimal"
                      placeholder="0"
                      value={qty[l.id] ?? ''}
                      aria-invalid={lineErrors[l.id] ? true : undefined}
                      onChange={(e) => setQty({ ...qty, [l.id]: e.target.value })}
                    />
                    {lineErrors[l.id] && (
                      <small className="field-error" role="alert">
                        {lineErrors[l.id]}
                      </small>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {err('items') && (
          <small className="field-error" role="alert">
            {err('items')}
          </small>
        )}
        <div className="form-grid return-options">
          <label className="field">
            <span>Condição do produto</span>
            <select value={condition} onChange={(e) => setCondition(e.target.value as ReturnCondition)}>
              {Object.entries(CONDITION_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Reembolso</span>
            <select
              value={refund}
              aria-invalid={err('refund_method') ? true : undefined}
              onChange={(e) => setRefund(e.target.value as RefundMethod)}
            >
              {Object.entries(REFUND_LABELS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            {err('refund_method') && (
              <small className="field-error" role="alert">
                {err('refund_method')}
              </small>
            )}
          </label>
        </div>
        <label className="field">
          <span>Motivo da devolução</span>
          <input
            value={reason}
            autoComplete="off"
            aria-invalid={err('reason') ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {err('reason') && (
            <small className="field-error" role="alert">
              {err('reason')}
            </small>
          )}
        </label>
        <FormFooter error={general} submitLabel="Devolver" busy={busy} onBack={onClose} />
      </form>
    </Dialog>
  );
}
