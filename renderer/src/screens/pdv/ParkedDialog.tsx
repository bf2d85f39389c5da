import { useEffect, useState, type KeyboardEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { Dialog } from '../../components/Dialog';
import { formatDateTime, formatMoney } from '../../format';

type Parked = OpOutput<'pdv.parked'>[number];

interface ParkedDialogProps {
  onResume: (id: string) => void;
  onClose: () => void;
}

/** F3: the carts set aside on this register; Enter resumes the selected one. */
export function ParkedDialog({ onResume, onClose }: ParkedDialogProps) {
  const [parked, setParked] = useState<Parked[] | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState('');

  useEffect(() => {
    call('pdv.parked', {})
      .then(setParked)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Erro ao carregar.'));
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    if (!parked?.length) return;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % parked.length);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + parked.length) % parked.length);
    else if (e.key === 'Enter') {
      const chosen = parked[active];
      if (chosen) onResume(chosen.id);
    } else return;
    e.preventDefault();
  }

  async function discard(id: string) {
    try {
      await call('pdv.discardParked', { id });
      setParked((list) => list?.filter((p) => p.id !== id) ?? null);
      setActive(0);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Erro ao descartar.');
    }
  }

  return (
    <Dialog title="Vendas em espera" onClose={onClose} wide>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {parked?.length === 0 && <p className="muted">Nenhuma venda em espera neste caixa.</p>}
      <ul
        className="search-results static"
        role="listbox"
        aria-label="Vendas em espera"
        tabIndex={0}
        data-autofocus
        onKeyDown={onKeyDown}
      >
        {parked?.map((p, i) => (
          <li key={p.id} role="option" aria-selected={i === active} onMouseDown={() => onResume(p.id)}>
            <span>
              {p.label} · {p.item_count} {p.item_count === 1 ? 'item' : 'itens'} · {formatDateTime(p.created_at)}
            </span>
            <strong>{formatMoney(p.total_cents)}</strong>
            <button
              type="button"
              className="link"
              onMouseDown={(e) => e.stopPropagation()}
              onClick={() => void discard(p.id)}
            >
              Descartar
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={onClose}>
          Fechar (Esc)
        </button>
      </div>
    </Dialog>
  );
}
