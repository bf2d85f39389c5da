import { useRef } from 'react';
import { useVirtualRows, VirtualRow, VirtualTable } from '../../components/VirtualTable';
import { formatMoney } from '../../format';
import { formatDate } from '../dashboard/period';
import type { CustomerRow } from './useCustomerPages';

const COLUMNS = ['Cliente', 'Segmento', 'Última compra', 'Compras', 'Valor (12 meses)', 'CLV'];

interface CustomersTableProps {
  count: number;
  rowAt: (index: number) => CustomerRow | undefined;
  ensureRows: (first: number, last: number) => void;
  /** Changes when rows arrive: the visible slots are re-read. */
  version: number;
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (index: number) => void;
  loading: boolean;
}

/**
 * All customers in one scrolling table (100,000 scroll like 100): the shared virtualized table
 * (components/VirtualTable) renders only the rows in view; ↑/↓/PageUp/PageDown/Home/End
 * choose, Enter opens.
 */
export function CustomersTable(props: CustomersTableProps) {
  const { count, selected, onSelect, onOpen } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualRows(props, scrollRef);
  return (
    <VirtualTable
      rows={rows}
      scrollRef={scrollRef}
      count={count}
      scrollClassName="customers-scroll"
      tableClassName="customers-table"
      regionLabel="Lista de clientes (↑/↓ escolhe, Enter abre)"
      tableLabel="Clientes"
      head={
        <tr>
          {COLUMNS.map((c) => (
            <th key={c}>{c}</th>
          ))}
        </tr>
      }
      columns={COLUMNS.length}
      loading={props.loading}
      emptyText="Nenhum cliente com estes filtros."
    >
      {rows.slots.map(({ index, row }) => (
        <VirtualRow
          key={index}
          index={index}
          loaded={row !== undefined}
          selected={index === selected}
          onSelect={onSelect}
          onOpen={onOpen}
        >
          <td className="col-name">
            {row ? (
              <button type="button" className="link" onClick={() => onOpen(index)}>
                {row.name}
              </button>
            ) : (
              '…'
            )}
          </td>
          <td>{row && <span className={`segment segment-${row.segment}`}>{row.segment_label}</span>}</td>
          <td>{row?.last_purchase ? formatDate(row.last_purchase) : row ? '—' : ''}</td>
          <td className="num">{row ? row.frequency.toLocaleString('pt-BR') : ''}</td>
          <td className="num">{row ? formatMoney(row.monetary) : ''}</td>
          <td className="num">{row ? formatMoney(row.clv) : ''}</td>
        </VirtualRow>
      ))}
    </VirtualTable>
  );
}
