import { useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatMoney, parseMoney, formatDate } from '../../format';

type Open = OpOutput<'payments.receivables'>['installments'][number];
type Quote = OpOutput<'payments.installment_quote'>;
const METHODS = [
  ['dinheiro', 'Dinheiro'],
  ['pix', 'PIX'],
  ['cartao_debito', 'Cartão de débito'],
  ['cartao_credito', 'Cartão de crédito'],
] as const;

/**
 * Receiving a crediário parcela at the caixa (issue 17): the open parcelas (overdue first when
 * asked), the late charges shown before confirming, the money into this caixa's session.
 */
export function ReceberParcela({ onDone }: { onDone: () => void }) {
  const [overdue, setOverdue] = useState(false);
  const [rows, setRows] = useState<Open[]>([]);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [method, setMethod] = useState<(typeof METHODS)[number][0]>('dinheiro');
  const [amount, setAmount] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    void call('payments.receivables', { overdue, limit: 200 }).then((r) => setRows(r.installments));
  }, [overdue, quote]);

  async function choose(row: Open) {
    setMessage('');
    const q = await call('payments.installment_quote', {
      reference_external_id: row.sale_external_id,
      installment_number: row.installment_number,
    });
    setQuote(q);
    setAmount((q.total_cents / 100).toFixed(2).replace('.', ','));
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!quote) return;
    const cents = parseMoney(amount);
    if (cents === null) return setMessage('Informe o valor recebido, como 102,33.');
    try {
      const r = await call('payments.receive_installment', {
        reference_external_id: quote.sale_external_id,
        installment_number: quote.installment_number,
        method,
        amount: cents,
      });
      setMessage(
        `Parcela ${quote.installment_number}/${quote.count} recebida.` +
          (r.change_cents > 0 ? ` Troco: ${formatMoney(r.change_cents)}.` : ''),
      );
      setQuote(null);
      onDone();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'Erro ao receber a parcela.');
    }
  }

  return (
    <section className="panel" aria-label="Receber parcela do crediário">
      <h2>Receber parcela (crediário)</h2>
      <label>
        <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> Só vencidas
      </label>
      <table className="list">
        <thead>
          <tr>
            <th>Cliente</th>
            <th>Venda</th>
            <th>Parcela</th>
            <th>Vencimento</th>
            <th>Valor</th>
            <th>Atraso</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.sale_external_id}-${r.installment_number}`}>
              <td>{r.customer_name}</td>
              <td>{r.sale_external_id}</td>
              <td>
                <button type="button" onClick={() => void choose(r)}>
                  {r.installment_number}/{r.count}
                </button>
              </td>
              <td>{formatDate(r.due_date)}</td>
              <td>{formatMoney(r.amount + r.charges)}</td>
              <td>{r.days_late > 0 ? `${r.days_late} dias` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {quote && (
        <form onSubmit={(e) => void onSubmit(e)} aria-label="Confirmar recebimento">
          <p>
            Parcela {quote.installment_number}/{quote.count}: {formatMoney(quote.amount_cents)}
            {quote.days_late > 0 &&
              ` + multa ${formatMoney(quote.fine_cents)} + juros ${formatMoney(quote.interest_cents)} (${quote.days_late} dias de atraso)`}{' '}
            = <strong>{formatMoney(quote.total_cents)}</strong>
          </p>
          <label>
            Forma
            <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              {METHODS.map(([m, label]) => (
                <option key={m} value={m}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Valor recebido (R$)
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
          <button type="submit">Receber</button>
        </form>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
