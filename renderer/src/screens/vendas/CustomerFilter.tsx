import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';

type Found = OpOutput<'customers.find'>[number];

interface CustomerFilterProps {
  value: { id: string; name: string } | null;
  onChange: (customer: { id: string; name: string } | null) => void;
}

/** Type a name, phone or CPF; ↑/↓ and Enter pick; the picked customer shows with a clear button. */
export function CustomerFilter({ value, onChange }: CustomerFilterProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (query.trim() === '') {
      setFound([]);
      return;
    }
    const timer = setTimeout(() => {
      call('customers.find', { query, limit: 8 })
        .then((rows) => {
          if (mine !== seq.current) return;
          setFound(rows);
          setActive(0);
          setOpen(true);
        })
        .catch(() => undefined);
    }, 120);
    return () => clearTimeout(timer);
  }, [query]);

  function pick(c: Found | undefined) {
    if (!c) return;
    onChange({ id: c.id, name: c.name });
    setQuery('');
    setFound([]);
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && open && found.length) {
      e.preventDefault();
      pick(found[active]);
    } else if (e.key === 'ArrowDown' && found.length) {
      e.preventDefault();
      setActive((a) => (a + 1) % found.length);
    } else if (e.key === 'ArrowUp' && found.length) {
      e.preventDefault();
      setActive((a) => (a - 1 + found.length) % found.length);
    } else if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  }

  if (value) {
    return (
      <div className="field customer-filter">
        <span>Cliente</span>
        <div className="chip">
          <span data-testid="customer-filter">{value.name}</span>
          <button type="button" className="link" aria-label="Limpar cliente" onClick={() => onChange(null)}>
            ×
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="field customer-filter">
      <label htmlFor="vendas-customer">Cliente (nome, telefone ou CPF)</label>
      <input
        id="vendas-customer"
        value={query}
        autoComplete="off"
        role="combobox"
        aria-expanded={open && found.length > 0}
        aria-controls="vendas-customer-list"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {open && found.length > 0 && (
        <ul id="vendas-customer-list" className="search-results" role="listbox" aria-label="Clientes encontrados">
          {found.map((c, i) => (
            <li key={c.id} role="option" aria-selected={i === active} onMouseDown={() => pick(c)}>
              <span>{c.name}</span>
              <small className="muted">{c.cpf ?? c.phone ?? ''}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
