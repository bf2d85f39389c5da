import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call } from '../../api';
import type { SalesQueryInput } from './filters';
import type { SaleRow, SaleTotals } from './labels';

const PAGE_SIZE = 200;
const MAX_CACHED_PAGES = 40;

interface PagesState {
  totals: SaleTotals | null;
  error: string;
  /** Bumped when a page arrives, so the table re-reads the cache. */
  version: number;
}

/**
 * The filtered sales as a sparse list: the count and totals come with the first page; other
 * pages are fetched (200 rows, no lines, no totals) only when the table asks for them, kept in
 * a bounded cache, and dropped whenever the filter changes. A refresh keeps showing the old
 * rows until the new ones arrive, so the list does not flash after an action.
 */
export function useSalesPages(query: SalesQueryInput | null) {
  const [state, setState] = useState<PagesState>({ totals: null, error: '', version: 0 });
  const pages = useRef(new Map<number, SaleRow[]>());
  const stale = useRef(new Map<number, SaleRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const queryRef = useRef(query);
  queryRef.current = query;

  const fetchPage = useCallback((page: number, withTotals: boolean) => {
    const q = queryRef.current;
    if (!q || inflight.current.has(page)) return;
    const gen = generation.current;
    inflight.current.add(page);
    call('sales.query', { ...q, limit: PAGE_SIZE, offset: page * PAGE_SIZE, with_totals: withTotals })
      .then((result) => {
        if (gen !== generation.current) return;
        pages.current.set(page, result.sales);
        evict(pages.current, page);
        setState((s) => ({
          totals: withTotals ? result.totals : s.totals,
          error: '',
          version: s.version + 1,
        }));
      })
      .catch((e: unknown) => {
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, error: e instanceof ApiError ? e.message : 'Erro ao carregar as vendas.' }));
      })
      .finally(() => {
        if (gen === generation.current) inflight.current.delete(page);
      });
  }, []);

  const restart = useCallback(
    (keepRows: boolean) => {
      generation.current++;
      stale.current = !keepRows ? new Map<number, SaleRow[]>() : pages.current.size ? pages.current : stale.current;
      pages.current = new Map();
      inflight.current = new Set();
      if (!keepRows) setState((s) => ({ totals: null, error: '', version: s.version + 1 }));
      fetchPage(0, true);
    },
    [fetchPage],
  );

  const key = query ? JSON.stringify(query) : '';
  useEffect(() => {
    if (key) restart(false);
  }, [key, restart]);

  /** Fetches the pages that hold rows start..end (inclusive) and are not cached yet. */
  const ensureRows = useCallback(
    (start: number, end: number) => {
      for (let page = Math.floor(start / PAGE_SIZE); page <= Math.floor(end / PAGE_SIZE); page++) {
        if (!pages.current.has(page)) fetchPage(page, false);
      }
    },
    [fetchPage],
  );

  const rowAt = useCallback((index: number): SaleRow | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    const rows = pages.current.get(page) ?? stale.current.get(page);
    return rows?.[index % PAGE_SIZE];
  }, []);

  const refresh = useCallback(() => restart(true), [restart]);

  return { totals: state.totals, error: state.error, version: state.version, rowAt, ensureRows, refresh };
}

function evict(cache: Map<number, SaleRow[]>, near: number): void {
  if (cache.size <= MAX_CACHED_PAGES) return;
  const farthest = [...cache.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
  for (const page of farthest.slice(0, cache.size - MAX_CACHED_PAGES)) cache.delete(page);
}
