import type { OpOutput } from '../../../../app/contract/operations';
import { METHOD_LABELS, PAYMENT_METHOD_LIST, type PaymentMethod } from '../../format';
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

/** Every filter is one Tab away; a change applies at once (the query answers in milliseconds). */
export function SalesFilters({ value, onChange, onReset, salespeople, locations }: SalesFiltersProps) {
  const set = (change: Partial<SalesFilter>) => onChange({ ...value, ...change });
  const period = periodError(value);
  return (
    <form className="vendas-filters" aria-label="Filtros" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="vendas-from">De</label>
        <input id="vendas-from" type="date" value={value.from} onChange={(e) => set({ from: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="vendas-to">Até</label>
        <input
          id="vendas-to"
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
      </div>
      <div className="field">
        <label htmlFor="vendas-status">Status</label>
        <select
          id="vendas-status"
          value={value.status}
          onChange={(e) => set({ status: e.target.value as SaleStatus | '' })}
        >
          <option value="">Todos</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <CustomerFilter value={value.customer} onChange={(customer) => set({ customer })} />
      <div className="field">
        <label htmlFor="vendas-salesperson">Vendedor</label>
        <select
          id="vendas-salesperson"
          value={value.salespersonId}
          onChange={(e) => set({ salespersonId: e.target.value })}
        >
          <option value="">Todos</option>
          {salespeople.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="vendas-method">Pagamento</label>
        <select
          id="vendas-method"
          value={value.paymentMethod}
          onChange={(e) => set({ paymentMethod: e.target.value as PaymentMethod | '' })}
        >
          <option value="">Todas as formas</option>
          {PAYMENT_METHOD_LIST.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </div>
      {locations.length > 1 && (
        <div className="field">
          <label htmlFor="vendas-location">Loja</label>
          <select id="vendas-location" value={value.location} onChange={(e) => set({ location: e.target.value })}>
            <option value="">Todas</option>
            {locations.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="vendas-reset" onClick={onReset}>
        Hoje, sem filtros
      </button>
    </form>
  );
}
