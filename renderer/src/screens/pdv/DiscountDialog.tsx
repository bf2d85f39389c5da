import { useState, type FormEvent } from 'react';
import { centsToInput, formatMoney, parseMoney } from '../../format';
import { Dialog } from '../../components/Dialog';

interface DiscountDialogProps {
  current: number;
  max: number;
  onApply: (cents: number) => void;
  onClose: () => void;
}

export function DiscountDialog({ current, max, onApply, onClose }: DiscountDialogProps) {
  const [text, setText] = useState(current ? centsToInput(current) : '');
  const [error, setError] = useState('');

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const cents = text.trim() === '' ? 0 : parseMoney(text);
    if (cents === null) return setError('Valor inválido.');
    if (cents > max) return setError(`O desconto é maior que o valor da venda (${formatMoney(max)}).`);
    onApply(cents);
  }

  return (
    <Dialog title="Desconto na venda" onClose={onClose}>
      <form onSubmit={onSubmit}>
        <label className="field">
          <span>Desconto (R$)</span>
          <input
            value={text}
            inputMode="decimal"
            aria-invalid={error ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onFocus={(e) => e.target.select()}
          />
          {error && (
            <small className="field-error" role="alert">
              {error}
            </small>
          )}
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancelar (Esc)
          </button>
          <button type="submit" className="primary">
            Aplicar (Enter)
          </button>
        </div>
      </form>
    </Dialog>
  );
}
