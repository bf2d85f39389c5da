import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { countOf, formatDateTime, formatMoney } from '../../format';

type Closings = OpOutput<'cash.closings'>;
type Check = Closings['chain'];

const BREAK_LABELS: Record<string, string> = {
  missing_closing: 'falta um fechamento',
  prev_hash_mismatch: 'o encadeamento não confere',
  hash_mismatch: 'o relatório foi alterado',
  report_unreadable: 'o relatório está ilegível',
  report_mismatch: 'os valores não conferem com o relatório',
};

function chainMessage(chain: Check): string {
  if (chain.ok) return `Cadeia de fechamentos íntegra (${countOf(chain.checked, 'verificado')}).`;
  const reason = BREAK_LABELS[chain.reason ?? ''] ?? 'motivo desconhecido';
  return `Atenção: a cadeia de fechamentos está quebrada no fechamento nº ${chain.broken_at ?? '?'} (${reason}).`;
}

/** Past Z reports of this register, newest first, with the result of the hash-chain check. */
export function ClosingsList({ onOpen }: { onOpen: (closingId: string) => void }) {
  const [data, setData] = useState<Closings | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    call('cash.closings', {})
      .then(setData)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Erro ao carregar os fechamentos.'));
  }, []);

  if (error) return <p className="error">{error}</p>;
  if (!data) return null;
  return (
    <section className="card closings" aria-label="Fechamentos anteriores">
      <h2>Fechamentos anteriores · {data.register.name}</h2>
      <p className={data.chain.ok ? 'ok' : 'error'} role="status" data-testid="chain-check">
        {chainMessage(data.chain)}
      </p>
      {data.closings.length === 0 ? (
        <p className="muted">Nenhum fechamento ainda.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Nº</th>
              <th>Fechado em</th>
              <th>Por</th>
              <th className="num">Esperado</th>
              <th className="num">Contado</th>
              <th className="num">Diferença</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.closings.map((c) => (
              <tr key={c.id}>
                <td>{c.number}</td>
                <td>{formatDateTime(c.closed_at, data.register.timezone)}</td>
                <td>
                  {c.closed_by_name ?? '—'}
                  {c.approved_by_name ? ` (aprov. ${c.approved_by_name})` : ''}
                </td>
                <td className="num">{formatMoney(c.expected_cash_cents)}</td>
                <td className="num">{formatMoney(c.counted_cash_cents)}</td>
                <td className="num">{formatMoney(c.difference_cents)}</td>
                <td>
                  <button type="button" className="link" onClick={() => onOpen(c.id)}>
                    Ver relatório Z
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
