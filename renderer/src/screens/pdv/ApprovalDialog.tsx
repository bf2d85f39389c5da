import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { ApprovalFields, type ApprovalInput } from '../../components/ApprovalFields';
import { Dialog } from '../../components/Dialog';

interface ApprovalDialogProps {
  reason: string;
  error: ApiError | null;
  busy: boolean;
  onApprove: (approval: ApprovalInput) => void;
  onClose: () => void;
}

/** Asked when the sale's discount is above what the cashier may give alone. */
export function ApprovalDialog({ reason, error, busy, onApprove, onClose }: ApprovalDialogProps) {
  const [value, setValue] = useState<ApprovalInput>({ login: '', pin: '' });
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    onApprove(value);
  }
  return (
    <Dialog title="Aprovação do gerente" onClose={onClose}>
      <form onSubmit={onSubmit}>
        <p>{reason}</p>
        <ApprovalFields value={value} onChange={setValue} error={error} />
        {error && !error.error.details?.issues && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Voltar (Esc)
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Aprovar e finalizar (Enter)
          </button>
        </div>
      </form>
    </Dialog>
  );
}
