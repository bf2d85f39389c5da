import { useEffect, useMemo, useState } from 'react';
import { roleHas } from '../../../../app/auth/roles';
import { tableCsv } from '../../../../app/analytics/charts';
import { SEGMENTS, SEGMENT_LABELS } from '../../../../app/analytics/rfm';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { useSession } from '../../session-store';
import { downloadText } from '../vendas/export';
import { ClvSettingsLine } from './ClvSettingsLine';
import { CustomerDetail } from './CustomerDetail';
import { CustomersTable } from './CustomersTable';
import { customersInput, useCustomerPages, type CustomerFilter, type CustomerRow } from './useCustomerPages';
import './clientes.css';

const EXPORT_PAGE = 1000;

/**
 * Clientes (issue 13): every customer in a virtualized table with segment, last purchase,
 * frequency, monetary and CLV as of today; filters by segment and search; the customer's detail;
 * CSV export of the filtered list (a marketing list: only customers with an active marketing
 * consent, issue 16). CLV's assumptions (lifespan, margin) are stated on screen and
 * only roles with `analytics.margins` may change them (the core refuses the others).
 */
export function ClientesScreen() {
  const role = useSession((s) => s.status?.user?.role ?? null);
  const [timeZone, setTimeZone] = useState('America/Sao_Paulo');
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState<CustomerFilter>({ segment: '', search: '' });
  const [selected, setSelected] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const pages = useCustomerPages(filter);

  useEffect(
    () =>
      void call('store.get', {}).then(
        (s) => setTimeZone(s.timezone),
        () => undefined,
      ),
    [],
  );
  // Search as the user types, once they pause.
  useEffect(() => {
    const timer = setTimeout(() => setFilter((f) => (f.search === typed ? f : { ...f, search: typed })), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => setSelected(0), [filter]);

  const open = (index: number) => {
    const row = pages.rowAt(index);
    if (row) setOpenId(row.customer_id);
  };

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      const all: CustomerRow[] = [];
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        // A marketing list: only customers who consented to marketing (LGPD).
        const page = await call('analytics.customers', {
          ...customersInput(filter, offset, EXPORT_PAGE),
          marketing_only: true,
        });
        all.push(...page.rows);
        if (page.rows.length < EXPORT_PAGE || all.length >= page.total) break;
      }
      const reais = (cents: number) => cents / 100;
      const csv = tableCsv({
        header: ['Cliente', 'Código', 'Segmento', 'Última compra', 'Compras', 'Valor 12 meses (R$)', 'CLV (R$)'],
        rows: all.map((r) => [
          r.name,
          r.external_id ?? '',
          r.segment_label,
          r.last_purchase ?? '',
          r.frequency,
          reais(r.monetary),
          reais(r.clv),
        ]),
      });
      downloadText(`clientes${filter.segment ? `-${filter.segment}` : ''}.csv`, csv);
    } catch (e) {
      setExportError(errorOf(e).message);
    } finally {
      setExporting(false);
    }
  }

  const summary = useMemo(() => {
    if (pages.total === null) return 'Carregando…';
    const n = pages.total.toLocaleString('pt-BR');
    return `${n} ${pages.total === 1 ? 'cliente' : 'clientes'}`;
  }, [pages.total]);

  return (
    <div className="clientes">
      <div className="clientes-toolbar" role="search" aria-label="Filtros de clientes">
        <label htmlFor="clientes-search">Buscar</label>
        <input
          id="clientes-search"
          type="search"
          value={typed}
          placeholder="Nome, código ou telefone"
          maxLength={200}
          onChange={(e) => setTyped(e.target.value)}
        />
        <label htmlFor="clientes-segment">Segmento</label>
        <select
          id="clientes-segment"
          value={filter.segment}
          onChange={(e) => setFilter({ ...filter, segment: e.target.value as CustomerFilter['segment'] })}
        >
          <option value="">Todos</option>
          {SEGMENTS.map((s) => (
            <option key={s} value={s}>
              {SEGMENT_LABELS[s]}
            </option>
          ))}
        </select>
        <span className="muted" role="status" data-testid="customers-count">
          {summary}
        </span>
        <button
          type="button"
          onClick={() => void exportCsv()}
          disabled={exporting || !pages.total}
          aria-describedby="clientes-export-note"
        >
          {exporting ? 'Exportando…' : 'Exportar CSV'}
        </button>
        <small id="clientes-export-note" className="muted clientes-export-note">
          A exportação traz só quem consentiu receber marketing (LGPD).
        </small>
      </div>
      {(pages.error || exportError) && (
        <p className="error" role="alert">
          {pages.error ?? exportError}
        </p>
      )}
      {pages.clv && (
        <ClvSettingsLine
          settings={pages.clv}
          asOf={pages.asOf}
          canEdit={role !== null && roleHas(role, 'analytics.margins')}
          onSaved={pages.reload}
        />
      )}
      <CustomersTable
        count={pages.total ?? 0}
        rowAt={pages.rowAt}
        ensureRows={pages.ensureRows}
        version={pages.version}
        selected={selected}
        onSelect={setSelected}
        onOpen={open}
        loading={pages.total === null}
      />
      {openId && (
        <CustomerDetail customerId={openId} asOf={pages.asOf} timeZone={timeZone} onClose={() => setOpenId(null)} />
      )}
    </div>
  );
}
