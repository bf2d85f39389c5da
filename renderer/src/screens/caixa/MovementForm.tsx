import { useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, type ApiError } from '../../api';
import { errorOf, formLevelMessage, localError } from '../../api-errors';
import { ApprovalFields, type ApprovalInput } from '../../components/ApprovalFields';
import { parseMoney } from '../../format';

/**
 * Suprimento (cash in) or sangria (cash out), always with a reason. A sangria above the store's
 * `cash_sangria_approval_above_cents` is refused with `approval_required` for a cashier: the form
 * then asks for a supervisor's login + PIN and sends the same movement again with `approval`.
 * Changing the kind or the amount drops the request (the new movement may not need it).
 */
export function MovementForm({ onDone }: { onDone: (s: OpOutput<'cash.movement'>) => void }) {
  const [kind, setKind] = useState<'suprimento' | 'sangria'>('sangria');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [needsApproval, setNeedsApproval] = useState(false);
  const [approval, setApproval] = useState<ApprovalInput>({ login: '', pin: '' });
  const [busy, setBusy] = useState(false);

  function resetApproval() {
    setNeedsApproval(false);
    setApproval({ login: '', pin: '' });
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const cents = parseMoney(amount);
    if (cents === null || cents <= 0) {
      setError(localError('amount_cents', 'Informe um valor maior que zero.'));
      return;
    }
    setBusy(true);
    try {
      onDone(
        await call('cash.movement', { kind, amount_cents: cents, reason, ...(needsApproval ? { approval } : {}) }),
      );
      setAmount('');
      setReason('');
      setError(null);
      resetApproval();
    } catch (err) {
      const apiError = errorOf(err);
      if (apiError.error.code === 'approval_required') setNeedsApproval(true);
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const approvalCode = error && ['approval_required', 'approval_invalid'].includes(error.error.code);
  const approvalMessage = error?.error.code === 'approval_invalid' ? error.message : undefined;
  const amountError = error?.fieldMessage('amount_cents') ?? (approvalCode ? undefined : formLevelMessage(error));
  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-label="Suprimento ou sangria">
      <h2>Suprimento / sangria</h2>
      <label className="field">
        <span>Tipo</span>
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value === 'suprimento' ? 'suprimento' : 'sangria');
            resetApproval();
            setError(null);
          }}
        >
          <option value="sangria">Sangria (retirada)</option>
          <option value="suprimento">Suprimento (reforço)</option>
        </select>
      </label>
      <label className="field">
        <span>Valor da movimentação (R$)</span>
        <input
          inputMode="decimal"
          value={amount}
          aria-invalid={amountError ? true : undefined}
          onChange={(e) => {
            setAmount(e.target.value);
            if (needsApproval) {
              resetApproval();
              setError(null);
            }
          }}
        />
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
      {needsApproval && (
        <>
          <p className="muted">Sangria acima do limite do caixa: um gerente precisa aprovar.</p>
          <ApprovalFields value={approval} onChange={setApproval} error={error} autoFocus />
          {approvalMessage && (
            <p className="error" role="alert">
              {approvalMessage}
            </p>
          )}
        </>
      )}
      <button type="submit" disabled={busy}>
        {needsApproval ? 'Aprovar e registrar' : 'Registrar'}
      </button>
    </form>
  );
}
