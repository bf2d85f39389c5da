import { useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { parseMoney } from '../../format';

export function OpenCash({ onOpened }: { onOpened: (s: OpOutput<'cash.open'>) => void }) {
  const [float, setFloat] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const cents = float.trim() === '' ? 0 : parseMoney(float);
    if (cents === null) return setError('Valor inválido.');
    setBusy(true);
    try {
      onOpened(await call('cash.open', { opening_float_cents: cents }));
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldMessage('opening_float_cents') ?? err.message) : 'Erro inesperado.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card narrow" onSubmit={(e) => void onSubmit(e)} aria-label="Abrir caixa">
      <h2>Abrir caixa</h2>
      <p className="muted">O caixa está fechado. Informe o fundo de troco para começar.</p>
      <label className="field">
        <span>Fundo de troco (R$)</span>
        <input
          autoFocus
          inputMode="decimal"
          value={float}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setFloat(e.target.value)}
        />
        {error && (
          <small className="field-error" role="alert">
            {error}
          </small>
        )}
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Abrir caixa
      </button>
    </form>
  );
}
