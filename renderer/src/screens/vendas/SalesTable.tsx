import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, type KeyboardEvent, type RefObject } from 'react';
import { formatMoney, METHOD_LABELS } from '../../format';
import { SHORT_METHOD_LABELS, SHORT_STATUS_LABELS, STATUS_LABELS, type SaleRow } from './labels';

const ROW_HEIGHT = 34;

interface Slot {
  index: number;
  sale: SaleRow | undefined;
}

interface SalesTableProps {
  count: number;
  rowAt: (index: number) => SaleRow | undefined;
  ensureRows: (start: number, end: number) => void;
  /** Changes when rows arrive: the visible slots are re-read from the cache. */
  version: number;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  compact: boolean;
  timeZone: string;
  scrollRef: RefObject<HTMLDivElement | null>;
  loading: boolean;
}

const col = createColumnHelper<Slot>();
/** With the detail open beside it, the list keeps what finds a sale again: number, customer, status, net. */
const COMPACT = { occurred_at: false, salesperson: false, total: false, refunded: false, methods: false };
const money = (cents: number | undefined) => (cents === undefined ? '' : formatMoney(cents));

/**
 * 100,000 sales scroll as smoothly as 100: only the rows in view (and a few around them) are
 * rendered, between two spacer rows that give the scrollbar the full height of the list.
 */
export function SalesTable(props: SalesTableProps) {
  const { count, rowAt, ensureRows, version, selected, onSelect, onOpen, compact, timeZone, scrollRef } = props;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Ask for pages only once the scroll settles: dragging the thumb across 90,000 rows must not
  // fetch every page it passes over.
  useEffect(() => {
    if (last < 0) return;
    const timer = setTimeout(() => ensureRows(first, last), 60);
    return () => clearTimeout(timer);
  }, [first, last, ensureRows, version]);

  // One formatter for every row: building an Intl.DateTimeFormat per cell costs more than the cell.
  const dateTime = useMemo(
    () =>
      new Intl.DateTimeFormat('pt-BR', {
        day: '2-digit',
        month: '2-digit',
        year: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
      }),
    [timeZone],
  );
  const columns = useMemo(
    () => [
      col.accessor((s) => s.sale?.number, { id: 'number', header: 'Número', cell: (c) => c.getValue() ?? '…' }),
      col.accessor((s) => s.sale?.occurred_at, {
        id: 'occurred_at',
        header: 'Data/hora',
        cell: (c) => {
          const at = c.getValue();
          return at ? dateTime.format(new Date(at)).replace(',', '') : '';
        },
      }),
      col.accessor((s) => s.sale?.customer_name, {
        id: 'customer',
        header: 'Cliente',
        cell: (c) => c.getValue() ?? '',
      }),
      col.accessor((s) => s.sale?.salesperson_name, {
        id: 'salesperson',
        header: 'Vendedor',
        cell: (c) => c.getValue() ?? '',
      }),
      col.accessor((s) => s.sale?.status, {
        id: 'status',
        header: 'Status',
        cell: (c) => {
          const status = c.getValue();
          return status ? (
            <span className={`status status-${status}`} title={STATUS_LABELS[status]}>
              {SHORT_STATUS_LABELS[status]}
            </span>
          ) : (
            ''
          );
        },
      }),
      col.accessor((s) => s.sale?.total_cents, { id: 'total', header: 'Total', cell: (c) => money(c.getValue()) }),
      col.accessor((s) => s.sale?.refunded_cents, {
        id: 'refunded',
        header: 'Devolvido',
        cell: (c) => money(c.getValue()),
      }),
      col.accessor((s) => s.sale?.net_cents, { id: 'net', header: 'Líquido', cell: (c) => money(c.getValue()) }),
      col.accessor((s) => s.sale?.payment_methods, {
        id: 'methods',
        header: 'Pagamento',
        cell: (c) => {
          const methods = c.getValue() ?? [];
          return (
            <span title={methods.map((m) => METHOD_LABELS[m]).join(' + ')}>
              {methods.map((m) => SHORT_METHOD_LABELS[m]).join(' + ')}
            </span>
          );
        },
      }),
    ],
    [dateTime],
  );

  const slots = useMemo(
    () => items.map((v) => ({ index: v.index, sale: rowAt(v.index) })),
    // version stands for the rows that arrived in the cache behind rowAt.
    [items, rowAt, version],
  );
  const table = useReactTable({
    data: slots,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (s) => String(s.index),
    state: {
      columnVisibility: compact ? COMPACT : {},
    },
  });

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

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const visibleColumns = table.getVisibleLeafColumns().length;

  return (
    <div
      ref={scrollRef}
      className="sales-scroll"
      tabIndex={0}
      role="region"
      aria-label="Lista de vendas (↑/↓ escolhe, Enter abre)"
      onKeyDown={onKeyDown}
    >
      <table className={compact ? 'sales-table compact' : 'sales-table'} aria-label="Vendas" aria-rowcount={count + 1}>
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => (
                <th key={h.id} className={`col-${h.column.id}`}>
                  {flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
          {table.getRowModel().rows.map((row) => {
            const { index, sale } = row.original;
            return (
              <tr
                key={row.id}
                aria-rowindex={index + 2}
                aria-selected={index === selected}
                className={sale ? undefined : 'loading'}
                style={{ height: ROW_HEIGHT }}
                onClick={() => onSelect(index)}
                onDoubleClick={() => onOpen(index)}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
          {count === 0 && (
            <tr>
              <td colSpan={visibleColumns} className="muted empty">
                {props.loading ? 'Carregando…' : 'Nenhuma venda com estes filtros.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
