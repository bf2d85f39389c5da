import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { formatMoney } from '../../format';
import { formatDate } from '../dashboard/period';
import type { CustomerRow } from './useCustomerPages';

const ROW_HEIGHT = 34;
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
 * All customers in one scrolling table (100,000 scroll like 100): only the rows in view are
 * rendered between two spacer rows; ↑/↓/PageUp/PageDown/Home/End choose, Enter opens.
 */
export function CustomersTable(props: CustomersTableProps) {
  const { count, rowAt, ensureRows, version, selected, onSelect, onOpen } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Pages are asked for once the scroll settles, not for every page the thumb passes over.
  useEffect(() => {
    if (last < 0) return;
    const timer = setTimeout(() => ensureRows(first, last), 60);
    return () => clearTimeout(timer);
  }, [first, last, ensureRows, version]);

  const slots = useMemo(
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

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  return (
    <div
      ref={scrollRef}
      className="customers-scroll"
      tabIndex={0}
      role="region"
      aria-label="Lista de clientes (↑/↓ escolhe, Enter abre)"
      onKeyDown={onKeyDown}
    >
      <table className="customers-table" aria-label="Clientes" aria-rowcount={count + 1}>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
          {slots.map(({ index, row }) => (
            <tr
              key={index}
              aria-rowindex={index + 2}
              aria-selected={index === selected}
              className={row ? undefined : 'loading'}
              style={{ height: ROW_HEIGHT }}
              onClick={() => onSelect(index)}
              onDoubleClick={() => onOpen(index)}
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
            </tr>
          ))}
          {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
          {count === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="muted empty">
                {props.loading ? 'Carregando…' : 'Nenhum cliente com estes filtros.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
