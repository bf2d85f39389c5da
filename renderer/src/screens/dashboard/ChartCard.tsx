import { useState } from 'react';
import { tableCsv, type ChartDef, type ChartTable } from '../../../../app/analytics/charts';
import { downloadText } from '../vendas/export';
import { EChart } from './EChart';

const number = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2 });

/** A chart's numbers as an accessible table (the same rows the CSV export carries). */
export function NumbersTable({ table, caption }: { table: ChartTable; caption: string }) {
  return (
    <div className="numbers-scroll">
      <table className="numbers-table" aria-label={caption}>
        <thead>
          <tr>
            {table.header.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 && (
            <tr>
              <td colSpan={table.header.length} className="muted">
                Sem dados no período.
              </td>
            </tr>
          )}
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{typeof cell === 'number' ? number.format(cell) : cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One Dashboard chart in a card: the chart, a "Tabela" toggle that shows the same numbers as a
 * table (for screen readers and for reading exact values) and "CSV" exporting that table.
 */
export function ChartCard({ def, height, wide }: { def: ChartDef; height?: number; wide?: boolean }) {
  const [asTable, setAsTable] = useState(false);
  return (
    <section className={wide ? 'dash-card wide' : 'dash-card'} aria-label={def.title} data-chart={def.id}>
      <header>
        <h2>{def.title}</h2>
        <div className="dash-card-tools">
          <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
            {asTable ? 'Gráfico' : 'Tabela'}
          </button>
          <button
            type="button"
            aria-label={`Exportar CSV: ${def.title}`}
            onClick={() => downloadText(`${def.id}.csv`, tableCsv(def.table))}
          >
            CSV
          </button>
        </div>
      </header>
      {asTable ? (
        <NumbersTable table={def.table} caption={`Números: ${def.title}`} />
      ) : (
        <EChart option={def.option} height={height} label={def.title} />
      )}
    </section>
  );
}

/** A table of numbers in a card with its CSV export (breakdowns that have no chart). */
export function TableCard({
  id,
  title,
  table,
  wide,
}: {
  id: string;
  title: string;
  table: ChartTable;
  wide?: boolean;
}) {
  return (
    <section className={wide ? 'dash-card wide' : 'dash-card'} aria-label={title} data-table={id}>
      <header>
        <h2>{title}</h2>
        <div className="dash-card-tools">
          <button
            type="button"
            aria-label={`Exportar CSV: ${title}`}
            onClick={() => downloadText(`${id}.csv`, tableCsv(table))}
          >
            CSV
          </button>
        </div>
      </header>
      <NumbersTable table={table} caption={title} />
    </section>
  );
}
