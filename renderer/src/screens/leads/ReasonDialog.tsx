import { useState } from 'react';
import { Dialog } from '../../components/Dialog';

/** Asks why a lead was lost (required by the funnel). */
export function ReasonDialog({ onConfirm, onClose }: { onConfirm: (reason: string) => void; onClose: () => void }) {
  const [reason, setReason] = useState('');
  return (
    <Dialog title="Motivo da perda" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) onConfirm(reason.trim());
        }}
      >
        <label className="field">
          <span>Por que o lead foi perdido?</span>
          <input data-autofocus value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" className="primary" disabled={!reason.trim()}>
            Marcar como perdido
          </button>
        </div>
      </form>
    </Dialog>
  );
}
