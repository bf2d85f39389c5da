import { Dialog } from '../../components/Dialog';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** A yes/no question: the confirm button takes the focus, so Enter confirms and Esc goes back. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: ConfirmDialogProps) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="primary danger" onClick={onConfirm}>
          {confirmLabel} (Enter)
        </button>
        <button type="button" onClick={onClose}>
          Voltar (Esc)
        </button>
      </div>
    </Dialog>
  );
}
