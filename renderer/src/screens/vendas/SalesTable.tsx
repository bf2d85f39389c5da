import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, type RefObject } from 'react';
import { useVirtualRows, VirtualRow, VirtualTable, type VirtualSlot } from '../../components/VirtualTable';
import { formatMoney, METHOD_LABELS } from '../../format';
import { SHORT_METHOD_LABELS, SHORT_STATUS_LABELS, STATUS_LABELS, type SaleRow } from './labels';

type Slot = VirtualSlot<SaleRow>;

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
 * 100,000 sales scroll as smoothly as 100: the shared virtualized table (components/VirtualTable)
 * renders only the rows in view (and a few around them) between two spacer rows; the columns
 * are a react-table over those slots (fewer in the compact list beside the detail).
 */
export function SalesTable(props: SalesTableProps) {
  const { count, selected, onSelect, onOpen, compact, timeZone, scrollRef } = props;
  const rows = useVirtualRows(props, scrollRef);

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
      col.accessor((s) => s.row?.number, { id: 'number', header: 'Número', cell: (c) => c.getValue() ?? '…' }),
      col.accessor((s) => s.row?.occurred_at, {
        id: 'occurred_at',
        header: 'Data/hora',
        cell: (c) => {
          const at = c.getValue();
          return at ? dateTime.format(new Date(at)).replace(',', '') : '';
        },
      }),
      col.accessor((s) => s.row?.customer_name, {
        id: 'customer',
        header: 'Cliente',
        cell: (c) => c.getValue() ?? '',
      }),
      col.accessor((s) => s.row?.salesperson_name, {
        id: 'salesperson',
        header: 'Vendedor',
        cell: (c) => c.getValue() ?? '',
      }),
      col.accessor((s) => s.row?.status, {
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
      col.accessor((s) => s.row?.total_cents, { id: 'total', header: 'Total', cell: (c) => money(c.getValue()) }),
      col.accessor((s) => s.row?.refunded_cents, {
        id: 'refunded',
        header: 'Devolvido',
        cell: (c) => money(c.getValue()),
      }),
      col.accessor((s) => s.row?.net_cents, { id: 'net', header: 'Líquido', cell: (c) => money(c.getValue()) }),
      col.accessor((s) => s.row?.payment_methods, {
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

  const table = useReactTable({
    data: rows.slots,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (s) => String(s.index),
    state: {
      columnVisibility: compact ? COMPACT : {},
    },
  });

  const visibleColumns = table.getVisibleLeafColumns().length;
  return (
    <VirtualTable
      rows={rows}
      scrollRef={scrollRef}
      count={count}
      scrollClassName="sales-scroll"
      tableClassName={compact ? 'sales-table compact' : 'sales-table'}
      regionLabel="Lista de vendas (↑/↓ escolhe, Enter abre)"
      tableLabel="Vendas"
      head={table.getHeaderGroups().map((g) => (
        <tr key={g.id}>
          {g.headers.map((h) => (
            <th key={h.id} className={`col-${h.column.id}`}>
              {flexRender(h.column.columnDef.header, h.getContext())}
            </th>
          ))}
        </tr>
      ))}
      columns={visibleColumns}
      loading={props.loading}
      emptyText="Nenhuma venda com estes filtros."
    >
      {table.getRowModel().rows.map((row) => {
        const { index, row: sale } = row.original;
        return (
          <VirtualRow
            key={row.id}
            index={index}
            loaded={sale !== undefined}
            selected={index === selected}
            onSelect={onSelect}
            onOpen={onOpen}
          >
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className={`col-${cell.column.id}`}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </VirtualRow>
        );
      })}
    </VirtualTable>
  );
}
