import { useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { roleHas } from '../../../../app/auth/roles';
import { invoke } from '../../api';
import { CarefulConfirm } from '../../components/CarefulConfirm';
import { countOf, formatDateTime } from '../../format';
import { useSession } from '../../session-store';

type Conflicts = OpOutput<'sync.status'>['key_conflicts'];
type Conflict = Conflicts['items'][number];

/**
 * "Registros em conflito": rows from the server that a row of this computer with the same sale
 * number (a key that is never merged: two different sales) kept out, kept whole (issue 14).
 * A held sale whose local twin this computer made (`settle` = ready: not on the server yet;
 * server: renumbered there) has "Resolver" for whoever may correct sales (owner, manager); one
 * whose twin came from another computer says to settle it there. The confirmation
 * says what happens — this computer's sale gets a new number of its own and is sent again, the
 * server's sale comes in with its items, payments and stock movements, nothing is deleted
 * (`sync.key_conflicts.settle`). A refusal is shown in the dialog and changes nothing.
 */
export function KeyConflictList({
  conflicts,
  labels,
  onSettled,
}: {
  conflicts: Conflicts;
  labels: Record<string, string>;
  onSettled: (notice: string) => void;
}) {
  const role = useSession((s) => s.status?.user?.role);
  const canSettle = Boolean(role && roleHas(role, 'sales.cancel'));
  const [pending, setPending] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (conflicts.total === 0) return null;

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(null);
    const result = await invoke('sync.key_conflicts.settle', { row_id: pending.row_id });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setPending(null);
    const moved = result.value.renumbered;
    const entered = result.value.waiting
      ? `a venda ${result.value.number} do servidor entra assim que os registros de que ela depende chegarem na próxima sincronização.`
      : `a venda ${result.value.number} do servidor entrou.`;
    onSettled(
      moved
        ? `Conflito resolvido: a venda deste computador passou de ${moved.from} para ${moved.to}; ${entered}`
        : `Conflito resolvido: ${entered}`,
    );
  }

  const number = pending ? (JSON.parse(pending.value) as unknown[]).join(' / ') : '';
  return (
    <section aria-label="Registros em conflito">
      <h3>{countOf(conflicts.total, 'registro em conflito', 'registros em conflito')}</h3>
      <p className="muted">
        Um registro do servidor tem o mesmo número de outro deste computador, mas não é o mesmo (por exemplo, duas
        vendas com o mesmo número). O registro do servidor e os que dependem dele (itens, pagamentos, movimentos de
        estoque) ficam guardados inteiros, fora das vendas e do estoque deste computador: nada foi unificado nem
        apagado.{' '}
        {canSettle ? 'Use “Resolver” na venda para colocá-la neste computador.' : 'O dono ou o gerente pode resolver.'}
      </p>
      <table className="cfg-table">
        <thead>
          <tr>
            <th>Quando</th>
            <th>O quê</th>
            <th>Valor repetido</th>
            <th>Do servidor</th>
            <th>Deste computador</th>
            {canSettle && <th />}
          </tr>
        </thead>
        <tbody>
          {conflicts.items.map((c) => (
            <tr key={`${c.table}:${c.row_id}`}>
              <td>{formatDateTime(c.seen_at)}</td>
              <td>{labels[c.table] ?? c.table}</td>
              <td>{(JSON.parse(c.value) as unknown[]).join(' / ')}</td>
              <td>{c.row_id}</td>
              <td>{c.local_id}</td>
              {canSettle && (
                <td>
                  {(c.settle === 'ready' || c.settle === 'server') && (
                    <button type="button" onClick={() => (setError(null), setPending(c))}>
                      Resolver
                    </button>
                  )}
                  {c.settle === 'synced' && (
                    <span className="muted">As duas vendas já estão no servidor: fale com o suporte.</span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {pending && (
        <CarefulConfirm
          title="Resolver conflito de número de venda"
          error={error}
          busy={busy}
          confirmLabel="Resolver"
          busyLabel="Resolvendo…"
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        >
          {pending.settle === 'server' ? (
            <p>
              A venda deste computador com o número {number} já está no servidor: o servidor muda o número dela para um
              número novo deste computador (é preciso estar conectado), e os outros computadores recebem a mudança. O
              motivo fica no histórico da venda.
            </p>
          ) : (
            <p>
              A venda deste computador com o número {number} ainda não está no servidor: ela recebe um número novo deste
              computador (o motivo fica no histórico da venda) e é enviada de novo ao servidor.
            </p>
          )}
          <p>
            A venda {number} do servidor entra neste computador como está lá, com os itens, pagamentos e movimentos de
            estoque dela. Nenhuma venda é apagada. Quem tem um comprovante com o número antigo da venda deste computador
            deve ser avisado do número novo.
          </p>
        </CarefulConfirm>
      )}
    </section>
  );
}
