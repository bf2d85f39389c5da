import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo } from 'react';
import type { LeadConfig, LeadListRow } from './leads-api';
import { originLabel } from './leads-api';

const col = createColumnHelper<LeadListRow>();

/** The leads as a table (TanStack Table); a row opens the detail. */
export function LeadsTable({
  config,
  leads,
  onOpen,
}: {
  config: LeadConfig;
  leads: LeadListRow[];
  onOpen: (id: string) => void;
}) {
  const columns = useMemo(
    () => [
      col.accessor('name', { header: 'Nome' }),
      col.accessor('phone', { header: 'Telefone', cell: (c) => c.getValue() ?? '' }),
      col.accessor('email', { header: 'E-mail', cell: (c) => c.getValue() ?? '' }),
      col.accessor('origin', { header: 'Origem', cell: (c) => originLabel(config, c.getValue()) }),
      col.accessor('stage', { header: 'Etapa', cell: (c) => config.stage_labels[c.getValue()] }),
      col.accessor('owner_name', { header: 'Responsável', cell: (c) => c.getValue() ?? '' }),
      col.accessor('tags', { header: 'Etiquetas', cell: (c) => c.getValue().join(', ') }),
      col.accessor('bant_score', { header: 'BANT' }),
      col.accessor('created_at', {
        header: 'Criado em',
        cell: (c) => new Date(c.getValue()).toLocaleDateString('pt-BR'),
      }),
    ],
    [config],
  );
  const table = useReactTable({ data: leads, columns, getCoreRowModel: getCoreRowModel() });
  return (
    <div className="lead-table-wrap">
      <table className="lead-table">
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
          {table.getRowModel().rows.map((r) => (
            <tr
              key={r.id}
              tabIndex={0}
              onClick={() => onOpen(r.original.id)}
              onKeyDown={(e) => e.key === 'Enter' && onOpen(r.original.id)}
            >
              {r.getVisibleCells().map((c) => (
                <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
