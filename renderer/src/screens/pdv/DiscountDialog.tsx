import { useState, type FormEvent } from 'react';
import { centsToInput, formatMoney } from '../../format';
import { Dialog } from '../../components/Dialog';
import { parseDiscount, type DiscountMode } from './limits';

interface DiscountDialogProps {
  current: number;
  /** What the discount applies to (subtotal less line discounts), in centavos. */
  max: number;
  onApply: (cents: number) => void;
  onClose: () => void;
}

/** F6: the order discount, typed in R$ or in % of the sale (rounded half up to the centavo). */
export function DiscountDialog({ current, max, onApply, onClose }: DiscountDialogProps) {
  const [mode, setMode] = useState<DiscountMode>('R$');
  const [text, setText] = useState(current ? centsToInput(current) : '');
  const [error, setError] = useState('');
  const parsed = parseDiscount(text, mode, max);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (typeof parsed === 'string') return setError(parsed);
    onApply(parsed);
  }

  function pick(next: DiscountMode) {
    setMode(next);
    setText('');
    setError('');
  }

  return (
    <Dialog title="Desconto na venda" onClose={onClose}>
      <form onSubmit={onSubmit}>
        <fieldset className="discount-mode">
          <legend>Desconto em</legend>
          {(['R$', '%'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="discount-mode" checked={mode === m} onChange={() => pick(m)} /> {m}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Desconto ({mode})</span>
          <input
            data-autofocus
            value={text}
            inputMode="decimal"
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setError('');
            }}
            onFocus={(e) => e.target.select()}
          />
          {error && (
            <small className="field-error" role="alert">
              {error}
            </small>
          )}
        </label>
        {mode === '%' && typeof parsed === 'number' && parsed > 0 && (
          <p className="muted" data-testid="discount-preview">
            = {formatMoney(parsed)} de {formatMoney(max)}
          </p>
        )}
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
