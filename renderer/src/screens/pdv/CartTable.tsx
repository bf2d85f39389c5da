import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import { formatMoney } from '../../format';
import { lineGross, lineLabel, lineTotal, type CartLine } from './cart';
import { DiscountCell, QtyCell } from './CartCells';

interface CartTableProps {
  lines: CartLine[];
  onChange: (sku: string, change: Partial<CartLine>) => void;
  onRemove: (sku: string) => void;
  /** Enter or Esc in a cell: back to the product field. */
  onDone: () => void;
  /** A typed quantity for this line: the number, or why it cannot be sold. */
  checkQty: (line: CartLine, text: string) => number | string;
  /** The server's word on that quantity (stock now): why not, or null. */
  validateQty: (line: CartLine, qty: number) => Promise<string | null>;
}

const col = createColumnHelper<CartLine>();

export function CartTable({ lines, onChange, onRemove, onDone, checkQty, validateQty }: CartTableProps) {
  const columns = useMemo(
    () => [
      col.accessor(lineLabel, { id: 'name', header: 'Item', cell: (c) => c.getValue() }),
      col.accessor('qty', {
        header: 'Qtd.',
        cell: (c) => (
          <QtyCell
            label={`Quantidade de ${lineLabel(c.row.original)}`}
            value={c.getValue()}
            check={(text) => checkQty(c.row.original, text)}
            validate={(qty) => validateQty(c.row.original, qty)}
            onCommit={(qty) => onChange(c.row.original.sku, { qty })}
            onDone={onDone}
          />
        ),
      }),
      col.accessor('unitPriceCents', { header: 'Preço unit.', cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('discountCents', {
        header: 'Desconto',
        cell: (c) => (
          <DiscountCell
            label={`Desconto de ${lineLabel(c.row.original)}`}
            value={c.getValue()}
            max={lineGross(c.row.original)}
            onCommit={(discountCents) => onChange(c.row.original.sku, { discountCents })}
            onDone={onDone}
          />
        ),
      }),
      col.display({ id: 'total', header: 'Total', cell: (c) => formatMoney(lineTotal(c.row.original)) }),
      col.display({
        id: 'remove',
        header: '',
        cell: (c) => (
          <button
            type="button"
            className="link"
            aria-label={`Remover ${lineLabel(c.row.original)}`}
            onClick={() => onRemove(c.row.original.sku)}
          >
            Remover
          </button>
        ),
      }),
    ],
    [onChange, onRemove, onDone, checkQty, validateQty],
  );
  const table = useReactTable({ data: lines, columns, getCoreRowModel: getCoreRowModel(), getRowId: (l) => l.sku });

  return (
    <table className="cart" aria-label="Itens da venda">
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <th key={h.id}>{flexRender(h.column.columnDef.header, h.getContext())}</th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
        {lines.length === 0 && (
          <tr>
            <td colSpan={6} className="muted empty">
              Nenhum item. Passe o código de barras ou busque pelo nome.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
