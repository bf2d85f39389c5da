import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { useSession } from '../../session-store';
import { roleHas } from '../../../../app/auth/roles';
import { AttributionPanel } from './AttributionPanel';
import { ImportWizard } from './ImportWizard';
import { LeadDetail } from './LeadDetail';
import { LeadForm } from './LeadForm';
import { LeadsKanban } from './LeadsKanban';
import { LeadsTable } from './LeadsTable';
import { ReasonDialog } from './ReasonDialog';
import { ALL_STAGES, download, moveTo, type LeadConfig, type LeadListRow, type Stage } from './leads-api';
import type { OpOutput } from '../../../../app/contract/operations';
import './leads.css';

type Tab = 'quadro' | 'lista' | 'importar' | 'atribuicao';
const TABS: [Tab, string][] = [
  ['quadro', 'Quadro'],
  ['lista', 'Lista'],
  ['importar', 'Importar'],
  ['atribuicao', 'Funil e atribuição'],
];

interface Filters {
  origin: string;
  stage: string;
  owner_id: string;
  tag: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { origin: '', stage: '', owner_id: '', tag: '', from: '', to: '' };

/** Leads: kanban by stage, table with filters, detail, import wizard, funnel and attribution. */
export function LeadsScreen() {
  const role = useSession((s) => s.status?.user?.role ?? null);
  const [config, setConfig] = useState<LeadConfig | null>(null);
  const [tab, setTab] = useState<Tab>('quadro');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [leads, setLeads] = useState<LeadListRow[]>([]);
  const [total, setTotal] = useState(0);
  const [overdue, setOverdue] = useState<OpOutput<'leads.overdue'>>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [losing, setLosing] = useState<LeadListRow | null>(null);
  const [error, setError] = useState<string | null>(null);

  const query = useCallback(() => {
    const f = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')) as Partial<Filters>;
    return { ...f, stage: f.stage as Stage | undefined };
  }, [filters]);
  const reload = useCallback(() => {
    call('leads.list', { ...query(), limit: 1000 }).then(
      (r) => (setLeads(r.leads), setTotal(r.total)),
      (e: unknown) => setError(errorOf(e).message),
    );
    void call('leads.overdue', {}).then(setOverdue);
  }, [query]);
  useEffect(() => void call('leads.config', {}).then(setConfig), []);
  useEffect(reload, [reload]);

  async function onMove(lead: LeadListRow, to: Stage) {
    if (to === 'perdido') return setLosing(lead);
    if (to === 'convertido') return setOpenId(lead.id);
    setError(null);
    try {
      await moveTo(lead, to);
    } catch (e) {
      setError(errorOf(e).message);
    }
    reload();
  }
  async function exportAs(format: 'csv' | 'xlsx') {
    try {
      download(await call('leads.export', { ...query(), format }));
    } catch (e) {
      setError(errorOf(e).message);
    }
  }
  if (!config) return <p className="muted">Carregando…</p>;
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });
  const owners = [...new Map(leads.filter((l) => l.owner_id).map((l) => [l.owner_id!, l.owner_name ?? ''])).entries()];
  return (
    <div className="leads">
      <div className="lead-toolbar">
        <div role="tablist" aria-label="Visões de leads">
          {TABS.map(([key, label]) => (
            <button key={key} role="tab" aria-selected={tab === key} type="button" onClick={() => setTab(key)}>
              {label}
            </button>
          ))}
        </div>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          Novo lead
        </button>
      </div>
      {overdue.length > 0 && (
        <div className="lead-overdue" role="note" aria-label="Tarefas atrasadas">
          <strong>Tarefas atrasadas: {overdue.length}</strong>
          <ul>
            {overdue.slice(0, 5).map((t) => (
              <li key={t.id}>
                <button type="button" className="link" onClick={() => setOpenId(t.lead_id)}>
                  {t.lead_name}
                </button>{' '}
                — {t.body} ({t.assigned_name ?? 'sem responsável'})
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {(tab === 'quadro' || tab === 'lista') && (
        <div className="lead-filters" aria-label="Filtros">
          <select aria-label="Origem" value={filters.origin} onChange={set('origin')}>
            <option value="">Todas as origens</option>
            {config.origins.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </select>
          <select aria-label="Etapa" value={filters.stage} onChange={set('stage')}>
            <option value="">Todas as etapas</option>
            {ALL_STAGES.map((s) => (
              <option key={s} value={s}>
                {config.stage_labels[s]}
              </option>
            ))}
          </select>
          <select aria-label="Responsável" value={filters.owner_id} onChange={set('owner_id')}>
            <option value="">Todos os responsáveis</option>
            {owners.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
          <input
            aria-label="Etiqueta"
            placeholder="Etiqueta"
            value={filters.tag}
            maxLength={40}
            onChange={set('tag')}
          />
          <label>
            De <input type="date" value={filters.from} onChange={set('from')} />
          </label>
          <label>
            Até <input type="date" value={filters.to} onChange={set('to')} />
          </label>
          <span className="muted">{total} leads</span>
          {role && roleHas(role, 'leads.export') && (
            <>
              <button type="button" onClick={() => void exportAs('csv')}>
                Exportar CSV
              </button>
              <button type="button" onClick={() => void exportAs('xlsx')}>
                Exportar XLSX
              </button>
            </>
          )}
        </div>
      )}
      {tab === 'quadro' && (
        <LeadsKanban config={config} leads={leads} onMove={(l, s) => void onMove(l, s)} onOpen={setOpenId} />
      )}
      {tab === 'lista' && <LeadsTable config={config} leads={leads} onOpen={setOpenId} />}
      {tab === 'importar' && <ImportWizard onImported={reload} />}
      {tab === 'atribuicao' && <AttributionPanel />}
      {creating && (
        <LeadForm
          config={config}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            reload();
            setOpenId(id);
          }}
        />
      )}
      {openId && <LeadDetail id={openId} config={config} onClose={() => setOpenId(null)} onChanged={reload} />}
      {losing && (
        <ReasonDialog
          onClose={() => setLosing(null)}
          onConfirm={(reason) => {
            const lead = losing;
            setLosing(null);
            void moveTo(lead, 'perdido', reason).then(reload, (e: unknown) => setError(errorOf(e).message));
          }}
        />
      )}
    </div>
  );
}
