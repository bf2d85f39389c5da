import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import type { Segment } from '../../../../app/analytics/rfm';

export type CustomerRow = OpOutput<'analytics.customers'>['rows'][number];
export type ClvSettings = OpOutput<'analytics.customers'>['clv_settings'];

export interface CustomerFilter {
  segment: Segment | '';
  search: string;
}

export const PAGE = 200;

/** The input of `analytics.customers` for a filter (an empty field is no filter). */
export function customersInput(f: CustomerFilter, offset: number, limit: number) {
  return {
    offset,
    limit,
    ...(f.segment ? { segment: f.segment } : {}),
    ...(f.search.trim() ? { search: f.search.trim() } : {}),
  };
}

/**
 * All customers of a filter, fetched a page of 200 at a time as the list scrolls: rows are kept
 * by index; a new filter starts over, and pages of an older filter that arrive late are dropped.
 */
export function useCustomerPages(filter: CustomerFilter) {
  const [total, setTotal] = useState<number | null>(null);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [clv, setClv] = useState<ClvSettings | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const rows = useRef(new Map<number, CustomerRow>());
  const asked = useRef(new Set<number>());
  const generation = useRef(0);

  const fetchPage = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      const gen = generation.current;
      call('analytics.customers', customersInput(filter, page * PAGE, PAGE)).then(
        (r) => {
          if (gen !== generation.current) return;
          r.rows.forEach((row, i) => rows.current.set(page * PAGE + i, row));
          setTotal(r.total);
          setAsOf(r.as_of);
          setClv(r.clv_settings);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          asked.current.delete(page);
          setError(errorOf(e).message);
        },
      );
    },
    [filter],
  );

  useEffect(() => {
    generation.current++;
    rows.current = new Map();
    asked.current = new Set();
    setTotal(null);
    setError(null);
    fetchPage(0);
  }, [fetchPage]);

  const ensureRows = useCallback(
    (first: number, last: number) => {
      for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) fetchPage(p);
    },
    [fetchPage],
  );
  const rowAt = useCallback((i: number) => rows.current.get(i), []);
  const reload = useCallback(() => {
    generation.current++;
    rows.current = new Map();
    asked.current = new Set();
    fetchPage(0);
  }, [fetchPage]);
  return { total, asOf, clv, version, error, rowAt, ensureRows, reload };
}
