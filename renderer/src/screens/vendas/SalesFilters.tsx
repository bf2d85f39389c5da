import type { OpOutput } from '../../../../app/contract/operations';
import { METHOD_LABELS, type PaymentMethod } from '../../format';
import { CustomerFilter } from './CustomerFilter';
import { periodError, type SalesFilter } from './filters';
import { STATUSES, STATUS_LABELS, type SaleStatus } from './labels';

type Salesperson = OpOutput<'salespeople.list'>[number];

interface SalesFiltersProps {
  value: SalesFilter;
  onChange: (f: SalesFilter) => void;
  onReset: () => void;
  salespeople: Salesperson[];
  locations: string[];
}

const METHODS = Object.keys(METHOD_LABELS) as PaymentMethod[];

/** Every filter is one Tab away; a change applies at once (the query answers in milliseconds). */
export function SalesFilters({ value, onChange, onReset, salespeople, locations }: SalesFiltersProps) {
  const set = (change: Partial<SalesFilter>) => onChange({ ...value, ...change });
  const period = periodError(value);
  return (
    <form className="vendas-filters" aria-label="Filtros" onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        <span>De</span>
        <input type="date" value={value.from} onChange={(e) => set({ from: e.target.value })} />
      </label>
      <label className="field">
        <span>Até</span>
        <input
          type="date"
          value={value.to}
          aria-invalid={period ? true : undefined}
          onChange={(e) => set({ to: e.target.value })}
        />
        {period && (
          <small className="field-error" role="alert">
            {period}
          </small>
        )}
      </label>
      <label className="field">
        <span>Status</span>
        <select value={value.status} onChange={(e) => set({ status: e.target.value as SaleStatus | '' })}>
          <option value="">Todos</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <CustomerFilter value={value.customer} onChange={(customer) => set({ customer })} />
      <label className="field">
        <span>Vendedor</span>
        <select value={value.salespersonId} onChange={(e) => set({ salespersonId: e.target.value })}>
          <option value="">Todos</option>
          {salespeople.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Pagamento</span>
        <select
          value={value.paymentMethod}
          onChange={(e) => set({ paymentMethod: e.target.value as PaymentMethod | '' })}
        >
          <option value="">Todas as formas</option>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      {locations.length > 1 && (
        <label className="field">
          <span>Loja</span>
          <select value={value.location} onChange={(e) => set({ location: e.target.value })}>
            <option value="">Todas</option>
            {locations.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="vendas-reset" onClick={onReset}>
        Hoje, sem filtros
      </button>
    </form>
  );
}
