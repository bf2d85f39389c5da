import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formLevelMessage } from '../../api-errors';
import { Dialog } from '../../components/Dialog';
import { countOf, formatMoney } from '../../format';
import type { SaleCustomer } from './cart-store';

type Found = OpOutput<'customers.find'>[number];
type Balances = { id: string; store_credit_cents: number; loyalty_points: number };

interface CustomerDialogProps {
  onPick: (c: SaleCustomer | null) => void;
  onClose: () => void;
}

/** F4: find by name, phone or CPF; or register name + phone on the spot. */
export function CustomerDialog({ onPick, onClose }: CustomerDialogProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [active, setActive] = useState(0);
  const [form, setForm] = useState({ name: '', phone: '', cpf: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const [balances, setBalances] = useState<Balances | null>(null);
  const highlighted = found[active];

  // The highlighted customer's store credit and points, from customers.get.
  useEffect(() => {
    if (!highlighted) return setBalances(null);
    let live = true;
    call('customers.get', { customer_id: highlighted.id })
      .then((c) => {
        if (live) setBalances({ id: c.id, store_credit_cents: c.store_credit_cents, loyalty_points: c.loyalty_points });
      })
      .catch(() => live && setBalances(null));
    return () => {
      live = false;
    };
  }, [highlighted]);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      void call('customers.find', { query, limit: 8 })
        .then((rows) => {
          if (mine !== seq.current) return;
          setFound(rows);
          setActive(0);
        })
        // A failed lookup keeps the results already shown; typing again retries.
        .catch(() => undefined);
    }, 80);
    return () => clearTimeout(timer);
  }, [query]);

  function pick(c: Found | undefined) {
    if (c) onPick({ id: c.id, name: c.name });
  }

  function onSearchKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      pick(found[active]);
    } else if (e.key === 'ArrowDown' && found.length) setActive((a) => (a + 1) % found.length);
    else if (e.key === 'ArrowUp' && found.length) setActive((a) => (a - 1 + found.length) % found.length);
  }

  async function quickCreate(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const { id } = await call('customers.quickCreate', {
        name: form.name,
        phone: form.phone,
        ...(form.cpf.trim() ? { cpf: form.cpf } : {}),
      });
      onPick({ id, name: form.name.trim() });
    } catch (err) {
      setError(err instanceof ApiError ? err : null);
    }
  }

  const general = formLevelMessage(error);
  return (
    <Dialog title="Cliente da venda" onClose={onClose} wide>
      <label className="field">
        <span>Buscar cliente (nome, telefone ou CPF)</span>
        <input value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={onSearchKey} />
      </label>
      <ul className="search-results static" role="listbox" aria-label="Clientes encontrados">
        {found.map((c, i) => (
          <li key={c.id} role="option" aria-selected={i === active} onMouseDown={() => pick(c)}>
            <span>{c.name}</span>
            <small className="muted">{c.phone ?? c.cpf ?? ''}</small>
          </li>
        ))}
      </ul>
      {highlighted && balances?.id === highlighted.id && (
        <dl className="customer-balances" aria-label={`Saldos de ${highlighted.name}`}>
          <dt>Crédito na loja</dt>
          <dd data-testid="customer-credit">{formatMoney(balances.store_credit_cents)}</dd>
          <dt>Pontos de fidelidade</dt>
          <dd data-testid="customer-points">{countOf(balances.loyalty_points, 'ponto')}</dd>
        </dl>
      )}
      <form onSubmit={(e) => void quickCreate(e)} aria-label="Cadastro rápido">
        <h3>Cadastro rápido</h3>
        <div className="pay-form">
          <label className="field">
            <span>Nome</span>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            {error?.fieldMessage('name') && <small className="field-error">{error.fieldMessage('name')}</small>}
          </label>
          <label className="field">
            <span>Telefone</span>
            <input value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} />
            {error?.fieldMessage('phone') && <small className="field-error">{error.fieldMessage('phone')}</small>}
          </label>
          <label className="field">
            <span>CPF (opcional)</span>
            <input value={form.cpf} inputMode="numeric" onChange={(e) => setForm({ ...form, cpf: e.target.value })} />
            {error?.fieldMessage('cpf') && <small className="field-error">{error.fieldMessage('cpf')}</small>}
          </label>
          <button type="submit">Cadastrar e usar</button>
        </div>
      </form>
      {general && (
        <p className="error" role="alert">
          {general}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => onPick(null)}>
          Sem cliente
        </button>
        <button type="button" onClick={onClose}>
          Fechar (Esc)
        </button>
      </div>
    </Dialog>
  );
}
