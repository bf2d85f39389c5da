import { useCallback, useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatMoney } from '../../format';
import { dayBR, downloadPdf } from './files';
import { ReceiveDialog } from './ReceiveDialog';

type Open = OpOutput<'payments.receivables'>;
type Row = Open['installments'][number];

/**
 * The open crediário parcelas (issue 17), by due date: per customer, days late and the amount
 * with late charges as of today; "só atrasadas" keeps the overdue list. Each row receives the
 * parcela at the caixa, prints the sale's carnê or opens the customer's statement.
 */
export function OpenInstallments({ onStatement }: { onStatement: (customerId: string) => void }) {
  const [overdue, setOverdue] = useState(false);
  const [data, setData] = useState<Open | null>(null);
  const [message, setMessage] = useState('');
  const [receiving, setReceiving] = useState<Row | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await call('payments.receivables', { overdue, limit: 1000 }));
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'Erro ao carregar as parcelas.');
    }
  }, [overdue]);
  useEffect(() => {
    void load();
  }, [load]);

  async function carne(saleExternalId: string) {
    setMessage('');
    try {
      const pdf = await call('payments.carne', { sale_external_id: saleExternalId });
      downloadPdf(pdf.filename, pdf.pdf_base64);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'Erro ao gerar o carnê.');
    }
  }

  return (
    <section className="panel" aria-label="Parcelas em aberto">
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> Só atrasadas
        </label>
        {data && (
          <span className="muted" data-testid="open-totals">
            {data.installments.length} parcela(s) · {formatMoney(data.total_amount)} + encargos{' '}
            {formatMoney(data.total_charges)}
          </span>
        )}
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {data && data.installments.length === 0 && <p className="muted">Nenhuma parcela em aberto.</p>}
      {data && data.installments.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Cliente</th>
              <th>Venda</th>
              <th>Parcela</th>
              <th>Vencimento</th>
              <th className="num">Atraso</th>
              <th className="num">Valor</th>
              <th className="num">Encargos</th>
              <th className="num">Total hoje</th>
              <th>Ações</th>
            </tr>
          </thead>
          <tbody>
            {data.installments.map((r) => (
              <tr
                key={`${r.sale_external_id}-${r.installment_number}`}
                className={r.days_late > 0 ? 'late' : undefined}
              >
                <td>{r.customer_name}</td>
                <td>{r.sale_external_id}</td>
                <td>
                  {r.installment_number}/{r.count}
                </td>
                <td>{dayBR(r.due_date)}</td>
                <td className="num">{r.days_late > 0 ? `${r.days_late} dias` : '—'}</td>
                <td className="num">{formatMoney(r.amount)}</td>
                <td className="num">{formatMoney(r.charges)}</td>
                <td className="num">{formatMoney(r.amount + r.charges)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={`Receber parcela ${r.installment_number} de ${r.customer_name}`}
                    onClick={() => setReceiving(r)}
                  >
                    Receber
                  </button>{' '}
                  <button type="button" className="link" onClick={() => void carne(r.sale_external_id)}>
                    Carnê
                  </button>{' '}
                  <button type="button" className="link" onClick={() => onStatement(r.customer_id)}>
                    Extrato
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {receiving && (
        <ReceiveDialog
          saleExternalId={receiving.sale_external_id}
          installmentNumber={receiving.installment_number}
          customerName={receiving.customer_name}
          onDone={() => void load()}
          onClose={() => setReceiving(null)}
        />
      )}
    </section>
  );
}
