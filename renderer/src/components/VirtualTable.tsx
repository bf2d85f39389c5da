import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, type KeyboardEvent, type ReactNode, type RefObject } from 'react';

/** Height of one row (px): the virtualizer's estimate and each row's fixed height. */
export const VIRTUAL_ROW_HEIGHT = 34;

/** One rendered position of the list: its index and its row once the page holding it arrived. */
export interface VirtualSlot<T> {
  index: number;
  row: T | undefined;
}

/** What a paged, virtualized list gives its table (the Vendas and Clientes screens). */
export interface VirtualRowsSource<T> {
  count: number;
  rowAt: (index: number) => T | undefined;
  ensureRows: (first: number, last: number) => void;
  /** Changes when rows arrive: the visible slots are re-read behind rowAt. */
  version: number;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
}

/**
 * The virtualized rows of a long list (100,000 scroll like 100): only the rows in view and a
 * few around them become slots, between two spacers that give the scrollbar the list's full
 * height. Pages are asked for once the scroll settles (60 ms), not for every page the thumb
 * passes over; ↑/↓/PageUp/PageDown/Home/End choose a row (scrolled into view), Enter opens it.
 */
export function useVirtualRows<T>(source: VirtualRowsSource<T>, scrollRef: RefObject<HTMLDivElement | null>) {
  const { count, rowAt, ensureRows, version, selected, onSelect, onOpen } = source;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => VIRTUAL_ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last < 0) return;
    const timer = setTimeout(() => ensureRows(first, last), 60);
    return () => clearTimeout(timer);
  }, [first, last, ensureRows, version]);

  const slots: VirtualSlot<T>[] = useMemo(
    () => items.map((v) => ({ index: v.index, row: rowAt(v.index) })),
    // version stands for the rows that arrived behind rowAt.
    [items, rowAt, version],
  );

  function move(to: number) {
    if (count === 0) return;
    const index = Math.max(0, Math.min(count - 1, to));
    onSelect(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, items.length - 4);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      PageDown: () => move(selected + page),
      PageUp: () => move(selected - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => count > 0 && onOpen(selected),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  return {
    slots,
    onKeyDown,
    paddingTop: items[0]?.start ?? 0,
    paddingBottom: virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0),
  };
}

interface VirtualTableProps {
  rows: ReturnType<typeof useVirtualRows>;
  scrollRef: RefObject<HTMLDivElement | null>;
  count: number;
  /** Class of the scrolling region and of the table. */
  scrollClassName: string;
  tableClassName: string;
  /** Accessible names: the scrolling region (with its keys) and the table. */
  regionLabel: string;
  tableLabel: string;
  head: ReactNode;
  /** The rendered rows (`VirtualRow`s of the slots). */
  children: ReactNode;
  columns: number;
  loading: boolean;
  emptyText: string;
}

/** The frame of a virtualized table: focusable scrolling region, header, spacers, empty state. */
export function VirtualTable(props: VirtualTableProps) {
  const { rows, count } = props;
  return (
    <div
      ref={props.scrollRef}
      className={props.scrollClassName}
      tabIndex={0}
      role="region"
      aria-label={props.regionLabel}
      onKeyDown={rows.onKeyDown}
    >
      <table className={props.tableClassName} aria-label={props.tableLabel} aria-rowcount={count + 1}>
        <thead>{props.head}</thead>
        <tbody>
          {rows.paddingTop > 0 && <tr aria-hidden="true" style={{ height: rows.paddingTop }} />}
          {props.children}
          {rows.paddingBottom > 0 && <tr aria-hidden="true" style={{ height: rows.paddingBottom }} />}
          {count === 0 && (
            <tr>
              <td colSpan={props.columns} className="muted empty">
                {props.loading ? 'Carregando…' : props.emptyText}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

interface VirtualRowProps {
  index: number;
  loaded: boolean;
  selected: boolean;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  children: ReactNode;
}

/** One row of a virtualized table: its position for screen readers, selection, click and double click. */
export function VirtualRow(props: VirtualRowProps) {
  const { index } = props;
  return (
    <tr
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      className={props.loaded ? undefined : 'loading'}
      style={{ height: VIRTUAL_ROW_HEIGHT }}
      onClick={() => props.onSelect(index)}
      onDoubleClick={() => props.onOpen(index)}
    >
      {props.children}
    </tr>
  );
}
