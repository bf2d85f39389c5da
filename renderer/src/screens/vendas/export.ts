import type { OpInput } from '../../../../app/contract/operations';

type SalesQueryInput = Partial<OpInput<'sales.query'>>;
export type SalesExportInput = OpInput<'sales.export'>;

/**
 * The `sales.export` input for the list's current filters: the same filters, without the
 * paging and shaping fields (`limit`, `offset`, `with_lines`, `with_totals`) the export refuses.
 */
export function exportInput(query: SalesQueryInput): SalesExportInput {
  const { limit: _limit, offset: _offset, with_lines: _lines, with_totals: _totals, ...filters } = query;
  return filters;
}

/** Saves text the core produced (e.g. `sales.export`'s CSV, BOM included) as a file download. */
export function downloadText(filename: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
