import { useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formLevelMessage, localError } from '../../api-errors';
import { parseMoney } from '../../format';

/** Suprimento (cash in) or sangria (cash out), always with a reason. */
export function MovementForm({ onDone }: { onDone: (s: OpOutput<'cash.movement'>) => void }) {
  const [kind, setKind] = useState<'suprimento' | 'sangria'>('sangria');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const cents = parseMoney(amount);
    if (cents === null || cents <= 0) {
      setError(localError('amount_cents', 'Informe um valor maior que zero.'));
      return;
    }
    try {
      onDone(await call('cash.movement', { kind, amount_cents: cents, reason }));
      setAmount('');
      setReason('');
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    }
  }

  const amountError = error?.fieldMessage('amount_cents') ?? formLevelMessage(error);
  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-label="Suprimento ou sangria">
      <h2>Suprimento / sangria</h2>
      <label className="field">
        <span>Tipo</span>
        <select value={kind} onChange={(e) => setKind(e.target.value === 'suprimento' ? 'suprimento' : 'sangria')}>
          <option value="sangria">Sangria (retirada)</option>
          <option value="suprimento">Suprimento (reforço)</option>
        </select>
      </label>
      <label className="field">
        <span>Valor da movimentação (R$)</span>
        <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        {amountError && (
          <small className="field-error" role="alert">
            {amountError}
          </small>
        )}
      </label>
      <label className="field">
        <span>Motivo</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
        {error?.fieldMessage('reason') && <small className="field-error">{error.fieldMessage('reason')}</small>}
      </label>
      <button type="submit">Registrar</button>
    </form>
  );
}
