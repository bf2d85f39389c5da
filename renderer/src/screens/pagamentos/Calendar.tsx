import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatMoney, METHOD_LABELS } from '../../format';
import { dayBR, downloadText, isoDay } from './files';

type Calendar = OpOutput<'payments.calendar'>;

/**
 * The receivables calendar (issue 17): what the acquirers will pay per day, from the card and
 * PIX payments' expected settlements (gross, fees, net), and its CSV for a pt-BR Excel.
 */
export function ReceivablesCalendar() {
  const [from, setFrom] = useState(() => isoDay(0));
  const [to, setTo] = useState(() => isoDay(60));
  const [data, setData] = useState<Calendar | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!from || !to) return;
    setMessage('');
    call('payments.calendar', { from, to })
      .then(setData)
      .catch((e: unknown) => setMessage(e instanceof ApiError ? e.message : 'Erro ao carregar o calendário.'));
  }, [from, to]);

  async function exportCsv() {
    try {
      const file = await call('payments.calendar_csv', { from, to });
      downloadText(file.filename, file.csv);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'Erro ao exportar.');
    }
  }

  return (
    <section className="panel" aria-label="Calendário de recebíveis">
      <div className="toolbar">
        <label className="field">
          <span>De</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="field">
          <span>Até</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" onClick={() => void exportCsv()}>
          Exportar CSV
        </button>
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {data && data.rows.length === 0 && <p className="muted">Nada a receber das adquirentes no período.</p>}
      {data && data.rows.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Data</th>
              <th>Forma</th>
              <th>Adquirente</th>
              <th className="num">Qtde</th>
              <th className="num">Bruto</th>
              <th className="num">Taxas</th>
              <th className="num">Líquido</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={`${r.expected_on}-${r.method}-${r.acquirer}`}>
                <td>{dayBR(r.expected_on)}</td>
                <td>{METHOD_LABELS[r.method as keyof typeof METHOD_LABELS] ?? r.method}</td>
                <td>{r.acquirer || '—'}</td>
                <td className="num">{r.count}</td>
                <td className="num">{formatMoney(r.gross_cents)}</td>
                <td className="num">{formatMoney(r.fee_cents)}</td>
                <td className="num">{formatMoney(r.net_cents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={4}>Total</th>
              <th className="num">{formatMoney(data.total_gross_cents)}</th>
              <th className="num">{formatMoney(data.total_fee_cents)}</th>
              <th className="num" data-testid="calendar-net">
                {formatMoney(data.total_net_cents)}
              </th>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
