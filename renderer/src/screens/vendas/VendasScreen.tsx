import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { ExportButton } from './ExportButton';
import { periodError, todayFilter, toQuery, type SalesFilter } from './filters';
import { SaleDetail } from './SaleDetail';
import { SalesFilters } from './SalesFilters';
import { SalesTable } from './SalesTable';
import { TotalsBar } from './TotalsBar';
import { useSalesPages } from './useSalesPages';
import './vendas.css';

type Salesperson = OpOutput<'salespeople.list'>[number];

/** The sales of a period: filters, totals of the filtered set, a virtualized list and the sale's detail. */
export function VendasScreen() {
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [loadError, setLoadError] = useState('');
  const [salespeople, setSalespeople] = useState<Salesperson[]>([]);
  const [locations, setLocations] = useState<string[]>([]);
  const [filter, setFilter] = useState<SalesFilter | null>(null);
  const [selected, setSelected] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    call('store.get', {})
      .then((s) => {
        setTimeZone(s.timezone);
        setFilter(todayFilter(s.timezone));
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e.message : 'Erro ao carregar a loja.'));
    call('salespeople.list', {})
      .then(setSalespeople)
      .catch(() => undefined);
    call('locations.list', {})
      .then((all) => setLocations(all.map((l) => l.code)))
      .catch(() => setLocations([]));
  }, []);

  const query = useMemo(() => (filter && !periodError(filter) ? toQuery(filter) : null), [filter]);
  const pages = useSalesPages(query);
  const { rowAt, refresh } = pages;
  const count = pages.totals?.count ?? 0;

  const changeFilter = (next: SalesFilter) => {
    setFilter(next);
    setSelected(0);
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  const select = useCallback(
    (index: number) => {
      setSelected(index);
      const row = rowAt(index);
      // With the detail open, the detail follows the selection.
      if (row) setOpenId((open) => (open === null ? null : row.id));
    },
    [rowAt],
  );
  const open = useCallback(
    (index: number) => {
      setSelected(index);
      const row = rowAt(index);
      if (row) setOpenId(row.id);
    },
    [rowAt],
  );
  const closeDetail = () => {
    setOpenId(null);
    scrollRef.current?.focus();
  };

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape' && openId) {
      e.preventDefault();
      closeDetail();
    }
  }

  if (loadError) return <p className="error">{loadError}</p>;
  if (timeZone === null || !filter) return <p className="muted">Carregando…</p>;

  return (
    <div className={openId ? 'vendas with-detail' : 'vendas'} onKeyDown={onKeyDown}>
      <section className="vendas-main" aria-label="Vendas do período">
        <SalesFilters
          value={filter}
          onChange={changeFilter}
          onReset={() => changeFilter(todayFilter(timeZone))}
          salespeople={salespeople}
          locations={locations}
        />
        <div className="vendas-summary-row">
          <TotalsBar totals={pages.totals} />
          <ExportButton query={query} />
        </div>
        {pages.error && (
          <p className="error" role="alert">
            {pages.error}
          </p>
        )}
        <SalesTable
          count={count}
          rowAt={rowAt}
          ensureRows={pages.ensureRows}
          version={pages.version}
          selected={selected}
          onSelect={select}
          onOpen={open}
          compact={openId !== null}
          timeZone={timeZone}
          scrollRef={scrollRef}
          loading={query !== null && pages.totals === null}
        />
      </section>
      {openId && <SaleDetail saleId={openId} onClose={closeDetail} onChanged={refresh} />}
    </div>
  );
}
