import { useState } from 'react';
import { ApiError, call } from '../../api';

/**
 * Expires the sales still waiting for a boleto or PIX charge past the store's days
 * (`payments.expire_charges`, issue 17): their reserved goods go back to stock and a later
 * payment is refused. Run on demand by a manager (the CLI `expire-charges` does the same).
 */
export function ExpireCharges() {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  async function run() {
    if (busy) return;
    setBusy(true);
    setMessage('');
    try {
      const { expired } = await call('payments.expire_charges', {});
      setMessage(
        expired.length === 0
          ? 'Nenhuma cobrança vencida.'
          : `${expired.length} venda(s) expirada(s), estoque devolvido: ${expired.slice(0, 10).join(', ')}${expired.length > 10 ? '…' : ''}`,
      );
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'Erro ao expirar as cobranças.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="toolbar" aria-label="Cobranças vencidas">
      <button type="button" onClick={() => void run()} aria-disabled={busy || undefined}>
        Expirar cobranças vencidas (boleto/PIX)
      </button>
      {message && <span role="status">{message}</span>}
    </div>
  );
}
