import { useEffect, useMemo, useState } from 'react';
import { paymentMethodsChart, periodComparisonChart, revenueByDayChart } from '../../../../app/analytics/charts';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { ChartCard, TableCard } from './ChartCard';
import { breakdownTables, KpiPanel } from './DashboardPanels';
import type { Period } from './period';

export type StoreScope = 'esta' | 'todas';
type Availability = OpOutput<'analytics.consolidated_status'>;
type Consolidated = OpOutput<'analytics.consolidated'>;

/**
 * The Dashboard's "Neste computador / Todas as lojas" choice (issue 14): whether "todas" can be chosen
 * comes from `analytics.consolidated_status` (enrolled in a sync server and the last contact
 * reached it), asked again each time the screen opens and before switching.
 */
export function useStoreScope(): {
  scope: StoreScope;
  choose: (scope: StoreScope) => void;
  availability: Availability | null;
} {
  const [scope, setScope] = useState<StoreScope>('esta');
  const [availability, setAvailability] = useState<Availability | null>(null);
  useEffect(() => {
    call('analytics.consolidated_status', {}).then(setAvailability, () => setAvailability(null));
  }, []);
  function choose(next: StoreScope) {
    if (next === 'esta') return setScope('esta');
    call('analytics.consolidated_status', {}).then(
      (a) => {
        setAvailability(a);
        if (a.available) setScope('todas');
      },
      () => setAvailability(null),
    );
  }
  return { scope, choose, availability };
}

/** Two radio buttons; "Todas as lojas" disabled, with its pt-BR reason beside it, when unavailable. */
export function StoreScopeToggle({
  scope,
  choose,
  availability,
}: {
  scope: StoreScope;
  choose: (scope: StoreScope) => void;
  availability: Availability | null;
}) {
  const disabled = !availability?.available;
  const reason = availability?.reason ?? (availability ? null : 'Verificando a conexão com o servidor…');
  return (
    <div className="dash-scope" role="radiogroup" aria-label="Lojas">
      {/* Not "Esta loja": a desktop holds every store it has pulled, and its own view counts them all. */}
      <label title="O que este computador já tem: as vendas daqui e as das outras lojas já sincronizadas">
        <input type="radio" name="dash-scope" checked={scope === 'esta'} onChange={() => choose('esta')} />
        Neste computador
      </label>
      <label className={disabled ? 'muted' : undefined}>
        <input
          type="radio"
          name="dash-scope"
          checked={scope === 'todas'}
          disabled={disabled}
          aria-describedby={disabled && reason ? 'dash-scope-reason' : undefined}
          onChange={() => choose('todas')}
        />
        Todas as lojas
      </label>
      {disabled && reason && (
        <span id="dash-scope-reason" className="muted dash-scope-reason">
          {reason}
        </span>
      )}
    </div>
  );
}

/**
 * "Todas as lojas": the tenant's KPIs over every store from the sync server
 * (`analytics.consolidated`) — the KPI panel, revenue by day, the period comparison, payment
 * methods and the breakdowns, by store among them. Errors (offline, revoked) in pt-BR.
 */
export function ConsolidatedGrid({ period }: { period: Period | null }) {
  const [data, setData] = useState<Consolidated | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!period || period.from > period.to) return;
    let live = true;
    setLoading(true);
    setError(null);
    call('analytics.consolidated', period).then(
      (d) => live && (setData(d), setLoading(false)),
      (e: unknown) => live && (setData(null), setError(errorOf(e).message), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [period]);
  const charts = useMemo(
    () =>
      data && {
        revenue: revenueByDayChart(data.kpis),
        comparison: periodComparisonChart(data.kpis),
        payments: paymentMethodsChart(data.kpis),
      },
    [data],
  );
  return (
    <>
      <p className="muted" role="status" aria-live="polite" data-testid="consolidated-status">
        {loading
          ? 'Buscando todas as lojas no servidor…'
          : data
            ? `Todas as lojas: ${data.kpis.by_location.length.toLocaleString('pt-BR')} com vendas no período, calculado pelo servidor com o que cada loja já sincronizou.`
            : ''}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data && charts && (
        <div className="dash-grid" aria-busy={loading} data-testid="consolidated-grid">
          <KpiPanel kpis={data.kpis} />
          <ChartCard def={charts.revenue} wide />
          <ChartCard def={charts.comparison} />
          <ChartCard def={charts.payments} />
          {breakdownTables(data.kpis).map((t) => (
            <TableCard key={t.id} id={t.id} title={t.title} table={t.table} />
          ))}
        </div>
      )}
    </>
  );
}
