import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { formLevelMessage } from '../../api-errors';
import { ApprovalFields, type ApprovalInput } from '../../components/ApprovalFields';
import { Dialog } from '../../components/Dialog';
import { FormFooter } from '../../components/FormFooter';

interface ApprovalDialogProps {
  reason: string;
  /** The button's text; "Aprovar e finalizar (Enter)" when the approval finishes the sale. */
  submitLabel?: string;
  error: ApiError | null;
  busy: boolean;
  onApprove: (approval: ApprovalInput) => void;
  onClose: () => void;
}

/** Asked when the sale's discount is above what the cashier may give alone. */
export function ApprovalDialog({ reason, submitLabel, error, busy, onApprove, onClose }: ApprovalDialogProps) {
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
        <FormFooter
          error={formLevelMessage(error)}
          submitLabel={submitLabel ?? 'Aprovar e finalizar (Enter)'}
          busy={busy}
          onBack={onClose}
        />
      </form>
    </Dialog>
  );
}
