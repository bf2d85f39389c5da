import { useEffect, useMemo, useState } from 'react';
import { roleHas } from '../../../../app/auth/roles';
import {
  leadFunnelChart,
  paymentMethodsChart,
  periodComparisonChart,
  revenueByDayChart,
  rfmCharts,
  topCustomersChart,
  topProductsChart,
} from '../../../../app/analytics/charts';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { useSession } from '../../session-store';
import { ChartCard, TableCard } from './ChartCard';
import { breakdownTables, KpiPanel, marginTable, OverduePanel, TodayPanel, type Dashboard } from './DashboardPanels';
import { PRESETS, presetPeriod, todayIn, type Period, type Preset } from './period';
import { ConsolidatedGrid, StoreScopeToggle, useStoreScope } from './StoreScope';
import { MarginsAfterFeesCard } from './MarginsAfterFees';
import './dashboard.css';

/**
 * The owner's Dashboard (issue 13): today, the period's KPIs against the previous period, every
 * chart from the shared ECharts definitions (app/analytics/charts.ts, also drawn into the PDF
 * reports) each with a table view and CSV export, the RFM distribution with its month-to-month
 * movement, breakdowns, margins for roles that may see them and overdue lead tasks per user.
 */
export function DashboardScreen() {
  const role = useSession((s) => s.status?.user?.role ?? null);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [preset, setPreset] = useState<Preset | ''>('mes');
  const [period, setPeriod] = useState<Period | null>(null);
  const [data, setData] = useState<Dashboard | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stores = useStoreScope();

  useEffect(() => {
    call('store.get', {}).then(
      (s) => {
        setTimeZone(s.timezone);
        setPeriod(presetPeriod('mes', todayIn(s.timezone)));
      },
      (e: unknown) => setError(errorOf(e).message),
    );
  }, []);

  useEffect(() => {
    if (!period) return;
    if (period.from > period.to) {
      setError('A data inicial deve ser anterior ou igual à final.');
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    call('analytics.dashboard', period).then(
      (d) => live && (setData(d), setLoading(false)),
      (e: unknown) => live && (setError(errorOf(e).message), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [period]);

  const charts = useMemo(() => {
    if (!data) return null;
    const [distribution, movement] = rfmCharts(data);
    return {
      revenue: revenueByDayChart(data.kpis),
      payments: paymentMethodsChart(data.kpis),
      comparison: periodComparisonChart(data.kpis),
      products: topProductsChart(data),
      customers: topCustomersChart(data),
      funnel: leadFunnelChart(data),
      distribution,
      movement,
    };
  }, [data]);

  function choosePreset(value: string) {
    const p = PRESETS.find(([key]) => key === value)?.[0];
    setPreset(p ?? '');
    if (p && timeZone) setPeriod(presetPeriod(p, todayIn(timeZone)));
  }
  function changeDate(key: keyof Period, value: string) {
    if (!period || !value) return;
    setPreset('');
    setPeriod({ ...period, [key]: value });
  }

  const margins = data && role && roleHas(role, 'analytics.margins') ? marginTable(data.top_products) : null;
  return (
    <div className="dashboard">
      <div className="dash-toolbar" role="group" aria-label="Escolha do período">
        <label htmlFor="dash-preset">Período</label>
        <select id="dash-preset" value={preset} onChange={(e) => choosePreset(e.target.value)}>
          {PRESETS.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
          <option value="">Personalizado</option>
        </select>
        <label htmlFor="dash-from">De</label>
        <input
          id="dash-from"
          type="date"
          value={period?.from ?? ''}
          onChange={(e) => changeDate('from', e.target.value)}
        />
        <label htmlFor="dash-to">Até</label>
        <input id="dash-to" type="date" value={period?.to ?? ''} onChange={(e) => changeDate('to', e.target.value)} />
        <span className="muted" role="status" aria-live="polite">
          {loading ? 'Calculando…' : data ? 'Atualizado' : ''}
        </span>
        <StoreScopeToggle {...stores} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {stores.scope === 'todas' && <ConsolidatedGrid period={period} />}
      {stores.scope === 'esta' && data && charts && timeZone && (
        <div className="dash-grid" aria-busy={loading}>
          <TodayPanel today={data.today} timeZone={timeZone} />
          <KpiPanel kpis={data.kpis} />
          <ChartCard def={charts.revenue} wide />
          <ChartCard def={charts.comparison} />
          <ChartCard def={charts.payments} />
          <ChartCard def={charts.products} height={320} />
          <ChartCard def={charts.customers} height={320} />
          {charts.funnel && <ChartCard def={charts.funnel} />}
          {data.overdue_tasks && <OverduePanel groups={data.overdue_tasks} timeZone={timeZone} />}
          {charts.distribution && <ChartCard def={charts.distribution} />}
          {charts.movement && <ChartCard def={charts.movement} height={360} />}
          {breakdownTables(data.kpis).map((t) => (
            <TableCard key={t.id} id={t.id} title={t.title} table={t.table} />
          ))}
          {margins && <TableCard id="top-margins" title="Margem dos mais vendidos" table={margins} />}
          {margins && <MarginsAfterFeesCard period={period} />}
        </div>
      )}
    </div>
  );
}
