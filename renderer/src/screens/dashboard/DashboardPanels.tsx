import type { ChartTable } from '../../../../app/analytics/charts';
import type { OpOutput } from '../../../../app/contract/operations';
import { formatMoney, formatQty } from '../../format';
import { go } from '../../navigation';
import { formatDate, formatMinute, formatVariation } from './period';

export type Dashboard = OpOutput<'analytics.dashboard'>;
type Kpis = Dashboard['kpis'];

const reais = (cents: number) => Math.round(cents) / 100;

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="dash-figure" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Today at the store: revenue, sales, appointments, new leads, conversions, next appointments. */
export function TodayPanel({ today, timeZone }: { today: Dashboard['today']; timeZone: string }) {
  return (
    <section className="dash-card wide dash-today" aria-label="Hoje">
      <header>
        <h2>Hoje, {formatDate(today.date)}</h2>
      </header>
      <dl className="dash-figures">
        <Figure label="Receita líquida" value={formatMoney(today.net_revenue)} testId="today-revenue" />
        <Figure label="Vendas" value={today.sales.toLocaleString('pt-BR')} testId="today-sales" />
        {today.appointments !== null && (
          <Figure label="Agendamentos" value={today.appointments.toLocaleString('pt-BR')} />
        )}
        {today.new_leads !== null && <Figure label="Novos leads" value={today.new_leads.toLocaleString('pt-BR')} />}
        {today.conversions !== null && <Figure label="Conversões" value={today.conversions.toLocaleString('pt-BR')} />}
      </dl>
      {today.next_appointments && (
        <div className="dash-next">
          <h3>Próximos atendimentos</h3>
          {today.next_appointments.length === 0 ? (
            <p className="muted">Nenhum atendimento marcado.</p>
          ) : (
            <ul>
              {today.next_appointments.map((a) => (
                <li key={`${a.starts_at}-${a.customer_name}`}>
                  <strong>{formatMinute(a.starts_at, timeZone)}</strong> {a.customer_name} — {a.procedure}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

type Scalar = 'net_revenue' | 'purchases' | 'ticket_medio' | 'items_per_sale_milli' | 'discounts' | 'refunds';
const KPI_ROWS: [Scalar, string, (n: number) => string, boolean][] = [
  ['net_revenue', 'Receita líquida', formatMoney, true],
  ['purchases', 'Compras', (n) => n.toLocaleString('pt-BR'), true],
  ['ticket_medio', 'Ticket médio', formatMoney, true],
  ['items_per_sale_milli', 'Itens por venda', (n) => formatQty(n / 1000), true],
  ['discounts', 'Descontos concedidos', formatMoney, false],
  ['refunds', 'Devoluções e cancelamentos', formatMoney, false],
];

/** The period's KPIs against the previous period of equal length (MoM for a month). */
export function KpiPanel({ kpis }: { kpis: Kpis }) {
  return (
    <section className="dash-card wide" aria-label="Indicadores do período">
      <header>
        <h2>
          Período {formatDate(kpis.from)} a {formatDate(kpis.to)}{' '}
          <small className="muted">
            × anterior {formatDate(kpis.previous.from)} a {formatDate(kpis.previous.to)}
          </small>
        </h2>
      </header>
      <dl className="dash-figures">
        {KPI_ROWS.map(([key, label, show, upIsGood]) => {
          const pct = kpis.variation_pct[key];
          const tone = pct === null || pct === 0 ? '' : pct > 0 === upIsGood ? 'good' : 'bad';
          return (
            <div className="dash-figure" key={key} data-testid={`kpi-${key}`}>
              <dt>{label}</dt>
              <dd>{show(kpis[key])}</dd>
              <dd className={`dash-variation ${tone}`} aria-label={`Variação: ${formatVariation(pct)}`}>
                {formatVariation(pct)} <span className="muted">(antes {show(kpis.previous[key])})</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

/** Overdue lead tasks per user (issue 12 asks for them on the dashboard too). */
export function OverduePanel({
  groups,
  timeZone,
}: {
  groups: NonNullable<Dashboard['overdue_tasks']>;
  timeZone: string;
}) {
  return (
    <section className="dash-card" aria-label="Tarefas de leads atrasadas">
      <header>
        <h2>Tarefas de leads atrasadas</h2>
        <div className="dash-card-tools">
          <button type="button" onClick={() => go('leads')}>
            Abrir Leads
          </button>
        </div>
      </header>
      {groups.length === 0 ? (
        <p className="muted">Nenhuma tarefa atrasada.</p>
      ) : (
        <ul className="dash-overdue">
          {groups.map((g) => (
            <li key={g.user_id ?? 'none'} data-testid="overdue-user">
              <strong>{g.user_name ?? 'Sem responsável'}</strong>: {g.count.toLocaleString('pt-BR')}{' '}
              {g.count === 1 ? 'tarefa' : 'tarefas'}{' '}
              <span className="muted">(mais antiga {formatMinute(g.oldest_due_at, timeZone).slice(0, 10)})</span>
              <ul>
                {g.tasks.map((t) => (
                  <li key={t.id}>
                    {t.lead_name} — {t.body}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Breakdowns of the KPIs that are tables rather than charts: by location, by salesperson, by hour. */
export function breakdownTables(kpis: Kpis): { id: string; title: string; table: ChartTable }[] {
  return [
    {
      id: 'by-location',
      title: 'Por loja',
      table: {
        header: ['Loja', 'Receita líquida (R$)', 'Vendas'],
        rows: kpis.by_location.map((l) => [l.name || l.code, reais(l.net_revenue), l.sales]),
      },
    },
    {
      id: 'by-salesperson',
      title: 'Por vendedor',
      table: {
        header: ['Vendedor', 'Receita líquida (R$)', 'Vendas'],
        rows: kpis.by_salesperson.map((s) => [s.name ?? 'Sem vendedor', reais(s.net_revenue), s.sales]),
      },
    },
    {
      id: 'by-hour',
      title: 'Por hora',
      table: {
        header: ['Hora', 'Receita líquida (R$)', 'Vendas'],
        rows: kpis.by_hour.map((h) => [`${String(h.hour).padStart(2, '0')}h`, reais(h.net_revenue), h.sales]),
      },
    },
  ];
}

/**
 * Margins of the top products: only when the role may see margins (`analytics.margins`) and the
 * core sent them (the dispatcher nulls `margin_cents` for roles that may not see costs).
 */
export function marginTable(top: Dashboard['top_products']): ChartTable | null {
  if (top.length === 0 || top.some((p) => p.margin_cents === null)) return null;
  return {
    header: ['Produto', 'Receita líquida (R$)', 'Margem (R$)', 'Margem (%)'],
    rows: top.map((p) => [
      p.name,
      reais(p.net_revenue),
      reais(p.margin_cents ?? 0),
      p.net_revenue ? Math.round(((p.margin_cents ?? 0) * 1000) / p.net_revenue) / 10 : '—',
    ]),
  };
}
