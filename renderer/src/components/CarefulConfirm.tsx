import type { ReactNode } from 'react';
import { Dialog } from './Dialog';

interface CarefulConfirmProps {
  title: string;
  /** What happens if confirmed, in the user's words. */
  children: ReactNode;
  /** The pt-BR refusal of the last attempt, shown in the dialog (nothing changed). */
  error: string | null;
  /** True while the operation runs: both buttons wait and Esc does not close. */
  busy: boolean;
  confirmLabel: string;
  busyLabel: string;
  /** Red confirm button, for what cannot be undone from this screen. */
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A confirmation for an action with lasting effects (restoring a backup, settling a key
 * conflict): "Cancelar" takes the focus, so Enter never confirms by accident; a refusal stays in
 * the dialog for the user to read; the dialog cannot be closed while the action runs.
 */
export function CarefulConfirm(props: CarefulConfirmProps) {
  const { title, children, error, busy, confirmLabel, busyLabel, danger, onConfirm, onCancel } = props;
  return (
    <Dialog title={title} onClose={() => !busy && onCancel()}>
      {children}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel} disabled={busy} data-autofocus>
          Cancelar
        </button>
        <button type="button" className={danger ? 'primary danger' : 'primary'} onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
