import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatMoney, METHOD_LABELS } from '../../format';
import { dayBR } from './files';

type Statement = OpOutput<'payments.statement'>;
type Found = OpOutput<'customers.find'>[number];
const STATUS: Record<string, string> = { aberta: 'Em aberto', paga: 'Paga', cancelada: 'Cancelada' };

/** A customer's crediário statement (issue 17): every parcela, its status and what was received. */
export function CustomerStatement({
  customerId,
  onCustomer,
}: {
  customerId: string | null;
  onCustomer: (id: string) => void;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [data, setData] = useState<Statement | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (query.trim().length < 2) return setFound([]);
    const timer = setTimeout(() => {
      void call('customers.find', { query, limit: 8 }).then(setFound, () => setFound([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    if (!customerId) return setData(null);
    setMessage('');
    call('payments.statement', { customer_id: customerId })
      .then(setData)
      .catch((e: unknown) => setMessage(e instanceof ApiError ? e.message : 'Erro ao carregar o extrato.'));
  }, [customerId]);

  return (
    <section className="panel" aria-label="Extrato do cliente">
      <label className="field">
        <span>Cliente (nome, CPF ou telefone)</span>
        <input value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {found.length > 0 && (
        <ul className="found" aria-label="Clientes encontrados">
          {found.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  onCustomer(c.id);
                  setFound([]);
                  setQuery('');
                }}
              >
                {c.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      {data && (
        <>
          <h2>
            {data.customer.name} — em aberto <span data-testid="statement-open">{formatMoney(data.open_cents)}</span>
          </h2>
          {data.installments.length === 0 ? (
            <p className="muted">Nenhuma compra no crediário.</p>
          ) : (
            <table className="list">
              <thead>
                <tr>
                  <th>Venda</th>
                  <th>Parcela</th>
                  <th>Vencimento</th>
                  <th className="num">Valor</th>
                  <th>Situação</th>
                  <th>Pago em</th>
                  <th className="num">Encargos</th>
                  <th className="num">Recebido</th>
                </tr>
              </thead>
              <tbody>
                {data.installments.map((r) => (
                  <tr key={`${r.sale_external_id}-${r.number}`}>
                    <td>{r.sale_number ?? r.sale_external_id}</td>
                    <td>
                      {r.number}/{r.count}
                    </td>
                    <td>{dayBR(r.due_date)}</td>
                    <td className="num">{formatMoney(r.amount_cents)}</td>
                    <td>{STATUS[r.status] ?? r.status}</td>
                    <td>
                      {r.paid_at ? dayBR(r.paid_at.slice(0, 10)) : '—'}
                      {r.paid_method
                        ? ` · ${METHOD_LABELS[r.paid_method as keyof typeof METHOD_LABELS] ?? r.paid_method}`
                        : ''}
                    </td>
                    <td className="num">{formatMoney((r.fine_cents ?? 0) + (r.interest_cents ?? 0))}</td>
                    <td className="num">{r.paid_cents === null ? '—' : formatMoney(r.paid_cents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
