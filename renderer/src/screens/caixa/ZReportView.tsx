import { useEffect, useRef } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { formatDateTime, formatMoney, METHOD_LABELS } from '../../format';
import { printScreen } from '../../print';

interface ZReportViewProps {
  closing: OpOutput<'cash.close'>;
  onDone: () => void;
}

export function ZReportView({ closing, onDone }: ZReportViewProps) {
  const r = closing.report;
  const doneRef = useRef<HTMLButtonElement>(null);
  useEffect(() => doneRef.current?.focus(), []);
  return (
    <section className="panel z-report" aria-label="Relatório Z">
      <h2>
        Relatório Z nº {r.number} — {r.register.name}
      </h2>
      <p className="muted">
        {r.store.name} · fechado em {formatDateTime(r.closed_at, r.store.timezone)}
        {r.closed_by?.name ? ` por ${r.closed_by.name}` : ''}
        {r.approved_by?.name ? ` · aprovado por ${r.approved_by.name}` : ''}
      </p>
      <dl className="totals">
        <div>
          <dt>Dinheiro esperado</dt>
          <dd data-testid="z-expected">{formatMoney(r.expected_cash_cents)}</dd>
        </div>
        <div>
          <dt>Dinheiro contado</dt>
          <dd data-testid="z-counted">{formatMoney(r.counted_cash_cents)}</dd>
        </div>
        <div className="grand">
          <dt>Diferença</dt>
          <dd data-testid="z-difference">{formatMoney(r.difference_cents)}</dd>
        </div>
      </dl>
      <table className="cart z-methods">
        <thead>
          <tr>
            <th>Forma</th>
            <th>Vendas</th>
            <th>Esperado</th>
            <th>Conferido</th>
            <th>Diferença</th>
          </tr>
        </thead>
        <tbody>
          {r.methods.map((m) => (
            <tr key={m.method}>
              <td>{METHOD_LABELS[m.method]}</td>
              <td>{formatMoney(m.sales_cents)}</td>
              <td>{formatMoney(m.expected_cents)}</td>
              <td>{m.counted_cents === null ? '—' : formatMoney(m.counted_cents)}</td>
              <td>{m.difference_cents === null ? '—' : formatMoney(m.difference_cents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* On paper (80 or 58 mm) the five columns do not fit: one block per method instead. */}
      <div className="z-print" aria-hidden="true">
        {r.methods.map((m) => (
          <div key={m.method} className="z-print-method">
            <strong>{METHOD_LABELS[m.method]}</strong>
            <PrintRow label="Vendas" value={formatMoney(m.sales_cents)} />
            <PrintRow label="Esperado" value={formatMoney(m.expected_cents)} />
            <PrintRow label="Conferido" value={m.counted_cents === null ? '—' : formatMoney(m.counted_cents)} />
            <PrintRow label="Diferença" value={m.difference_cents === null ? '—' : formatMoney(m.difference_cents)} />
          </div>
        ))}
      </div>
      <p className="muted hash">Hash: {closing.hash}</p>
      <div className="actions no-print">
        <button type="button" onClick={() => void printScreen()}>
          Imprimir
        </button>
        <button ref={doneRef} type="button" className="primary" onClick={onDone}>
          Concluir
        </button>
      </div>
    </section>
  );
}

function PrintRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="r-row">
      <span>{label}</span>
      <span>{value}</span>
    </div>
  );
}
