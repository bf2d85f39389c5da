import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { localError } from '../../api-errors';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { formatQty, parseMoney, parseQty } from '../../format';
import { FormStatus } from './FormStatus';
import type { Variant } from './ProductForm';

interface StockPanelProps {
  variant: Variant;
  /** costChanged: a receiving with a unit cost changed the variant's cost shown in its form. */
  onChanged: (costChanged: boolean) => void;
}

/** Receiving (with its unit cost) and adjustments of one variant, with the stock they leave. */
export function StockPanel({ variant, onChanged }: StockPanelProps) {
  const receive = useForm({ qty: '', cost: '', note: '' });
  const adjust = useForm({ qty: '', reason: '' });
  const [saved, setSaved] = useState('');

  function onReceive(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    void receive.submit(async () => {
      const qty = parseQty(receive.values.qty);
      if (qty === null || qty <= 0) throw localError('qty', 'Informe uma quantidade maior que zero.');
      const cost = receive.values.cost.trim() === '' ? undefined : parseMoney(receive.values.cost);
      if (cost === null) throw localError('unit_cost', 'Custo inválido, ex.: 7,50.');
      const change = await call('stock.receive', {
        variant_id: variant.variant_id,
        qty,
        unit_cost: cost,
        reason: receive.values.note,
      });
      setSaved(`Entrada registrada. Estoque: ${formatQty(change.stock_milli / 1000)}.`);
      receive.setValues({ qty: '', cost: '', note: '' });
      onChanged(cost !== undefined);
    });
  }

  function onAdjust(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    void adjust.submit(async () => {
      const qty = parseQty(adjust.values.qty);
      if (qty === null || qty === 0) throw localError('qty', 'Informe o ajuste, ex.: -2 ou 3.');
      const change = await call('stock.adjust', { variant_id: variant.variant_id, qty, reason: adjust.values.reason });
      setSaved(`Ajuste registrado. Estoque: ${formatQty(change.stock_milli / 1000)}.`);
      adjust.setValues({ qty: '', reason: '' });
      onChanged(false);
    });
  }

  return (
    <div className="cfg-stock panel" aria-label="Estoque">
      <h2>Estoque</h2>
      <p className="cfg-stock-now">
        Estoque atual: <strong data-testid="stock-now">{formatQty(variant.stock_milli / 1000)}</strong>
      </p>
      <form onSubmit={onReceive} aria-label="Entrada de mercadoria">
        <h3>Entrada de mercadoria</h3>
        <Field
          label="Quantidade recebida"
          id="stock-receive-qty"
          inputMode="decimal"
          {...receive.bind('qty')}
          error={receive.fieldError('qty')}
        />
        <Field
          label="Custo unitário da entrada (R$, opcional)"
          id="stock-receive-cost"
          inputMode="decimal"
          {...receive.bind('cost')}
          error={receive.fieldError('unit_cost')}
        />
        <Field label="Nota fiscal ou observação (opcional)" id="stock-receive-note" {...receive.bind('note')} />
        <FormStatus error={receive.error} />
        <button type="submit" disabled={receive.busy}>
          Registrar entrada
        </button>
      </form>
      <form onSubmit={onAdjust} aria-label="Ajuste de estoque">
        <h3>Ajuste</h3>
        <Field
          label="Ajuste (+ entra, − sai)"
          id="stock-adjust-qty"
          inputMode="decimal"
          {...adjust.bind('qty')}
          error={adjust.fieldError('qty')}
        />
        <Field
          label="Motivo do ajuste"
          id="stock-adjust-reason"
          {...adjust.bind('reason')}
          error={adjust.fieldError('reason')}
        />
        <FormStatus error={adjust.error} />
        <button type="submit" disabled={adjust.busy}>
          Registrar ajuste
        </button>
      </form>
      {saved && (
        <p className="cfg-saved" role="status">
          {saved}
        </p>
      )}
    </div>
  );
}
