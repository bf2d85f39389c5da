import { useEffect, useState } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import type { OpOutput } from '../../../../app/contract/operations';
import { formatMoney } from '../../format';

type Rows = OpOutput<'leads.attribution'>;

function monthStart(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The funnel and attribution per origin for a period, with the revenue of converted customers. */
export function AttributionPanel() {
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(today);
  const [rows, setRows] = useState<Rows | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    call('leads.attribution', { from, to }).then(setRows, (e: unknown) => setError(errorOf(e).message));
  }, [from, to]);
  const total = rows?.reduce(
    (t, r) => ({
      leads: t.leads + r.leads,
      contacted: t.contacted + r.contacted,
      scheduled: t.scheduled + r.scheduled,
      converted: t.converted + r.converted,
      revenue: t.revenue + r.revenue,
    }),
    { leads: 0, contacted: 0, scheduled: 0, converted: 0, revenue: 0 },
  );
  return (
    <section className="lead-attribution" aria-label="Funil e atribuição">
      <div className="lead-filters">
        <label>
          De <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Até <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      {total && (
        <p className="lead-funnel" aria-label="Funil do período">
          Leads {total.leads} → contatados {total.contacted} → agendados {total.scheduled} → convertidos{' '}
          {total.converted}
        </p>
      )}
      {rows && (
        <table className="lead-table" aria-label="Atribuição por origem">
          <thead>
            <tr>
              <th>Origem</th>
              <th>Leads</th>
              <th>Contatados</th>
              <th>Agendados</th>
              <th>Convertidos</th>
              <th>Conversão</th>
              <th>Receita</th>
              <th>Receita por lead</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.origin}>
                <td>{r.label}</td>
                <td>{r.leads}</td>
                <td>{r.contacted}</td>
                <td>{r.scheduled}</td>
                <td>{r.converted}</td>
                <td>{(r.conversion_rate * 100).toLocaleString('pt-BR', { maximumFractionDigits: 1 })}%</td>
                <td>{formatMoney(r.revenue)}</td>
                <td>{formatMoney(r.revenue_per_lead)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
