import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, type ApiError } from '../../api';
import { errorOf } from '../../api-errors';
import { download } from '../leads/leads-api';
import { FormStatus } from './FormStatus';
import { roleHas } from '../../../../app/auth/roles';
import { useSession } from '../../session-store';
import { formatDate } from '../../format';

type Requests = OpOutput<'privacy.requests'>;
type RequestType = 'acesso' | 'portabilidade' | 'correcao' | 'eliminacao';

const TYPES: [RequestType, string][] = [
  ['acesso', 'Acesso'],
  ['portabilidade', 'Portabilidade'],
  ['correcao', 'Correção'],
  ['eliminacao', 'Eliminação'],
];

/**
 * Configurações → Privacidade (LGPD) (`privacy.manage`): data-subject requests with their
 * 15-day deadline (overdue ones flagged), the person's data as JSON or PDF, anonymization (the
 * owner's login and PIN when a manager asks), and the idle-lock times — changed by who has
 * `store.manage` (the owner; `lock.update_settings`), shown read-only to the others.
 */
export function PrivacidadeSection() {
  const [data, setData] = useState<Requests | null>(null);
  const [customer, setCustomer] = useState('');
  const [type, setType] = useState<RequestType>('acesso');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const [lock, setLock] = useState({ register: '10', other: '30' });
  const role = useSession((s) => s.status?.user?.role);
  const canSetLock = Boolean(role && roleHas(role, 'store.manage'));

  const load = useCallback(async () => setData(await call('privacy.requests', {})), []);
  useEffect(() => {
    void load();
    void call('lock.settings', {}).then((s) =>
      setLock({ register: String(s.register_minutes), other: String(s.other_minutes) }),
    );
  }, [load]);

  async function run(what: () => Promise<unknown>, ok: string) {
    setError(null);
    setSaved(undefined);
    try {
      await what();
      setSaved(ok);
      await load();
    } catch (e) {
      setError(errorOf(e));
    }
  }

  function open(e: FormEvent) {
    e.preventDefault();
    void run(
      () => call('privacy.open_request', { customer_external_id: customer.trim(), request_type: type }),
      'Solicitação registrada.',
    );
  }

  const exportAs = (customerId: string, format: 'json' | 'pdf') =>
    run(async () => download(await call('privacy.export', { customer_id: customerId, format })), 'Arquivo gerado.');

  const anonymize = (customerId: string, requestId: string) => {
    if (!window.confirm('Anonimizar apaga os dados pessoais desta pessoa em todos os computadores. Continuar?')) return;
    void run(
      () => call('privacy.anonymize', { customer_id: customerId, request_id: requestId }),
      'Dados anonimizados.',
    );
  };

  return (
    <div className="cfg-section">
      <h2>Privacidade (LGPD)</h2>
      <form onSubmit={open} aria-label="Nova solicitação do titular">
        <label>
          Código do cliente
          <input value={customer} onChange={(e) => setCustomer(e.target.value)} required />
        </label>
        <label>
          Tipo
          <select value={type} onChange={(e) => setType(e.target.value as RequestType)}>
            {TYPES.map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Registrar solicitação</button>
      </form>
      <FormStatus error={error} saved={saved} />
      {data && data.overdue > 0 && (
        <p className="error" role="alert">
          {data.overdue === 1 ? '1 solicitação está atrasada' : `${data.overdue} solicitações estão atrasadas`} (prazo
          legal de 15 dias).
        </p>
      )}
      <table className="cfg-table" aria-label="Solicitações do titular">
        <thead>
          <tr>
            <th>Titular</th>
            <th>Tipo</th>
            <th>Prazo</th>
            <th>Situação</th>
            <th>Ações</th>
          </tr>
        </thead>
        <tbody>
          {data?.requests.map((r) => (
            <tr key={r.id} className={r.overdue ? 'overdue' : undefined}>
              <td>{r.customer_name}</td>
              <td>{r.label}</td>
              <td>
                {formatDate(r.due_date)}
                {r.status === 'aberta' && (r.overdue ? ' — ATRASADA' : ` (${r.days_left} dias)`)}
              </td>
              <td>{r.status}</td>
              <td>
                <button type="button" onClick={() => void exportAs(r.customer_id, 'pdf')}>
                  PDF
                </button>
                <button type="button" onClick={() => void exportAs(r.customer_id, 'json')}>
                  JSON
                </button>
                {r.request_type === 'eliminacao' && r.status === 'aberta' && (
                  <button type="button" onClick={() => anonymize(r.customer_id, r.id)}>
                    Anonimizar
                  </button>
                )}
                {r.status === 'aberta' && r.request_type !== 'eliminacao' && (
                  <button
                    type="button"
                    onClick={() =>
                      void run(
                        () =>
                          call('privacy.close_request', {
                            request_id: r.id,
                            status: 'concluida',
                            resolution: 'Atendida pela loja.',
                          }),
                        'Solicitação concluída.',
                      )
                    }
                  >
                    Concluir
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.requests.length === 0 && <p>Nenhuma solicitação registrada.</p>}
      <h3>Bloqueio por inatividade</h3>
      {!canSetLock && (
        <p className="hint">
          A tela bloqueia após {lock.register} min sem uso no caixa e {lock.other} min nos demais computadores. Só o
          dono altera esses tempos.
        </p>
      )}
      {canSetLock && (
        <form
          aria-label="Bloqueio por inatividade"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              () =>
                call('lock.update_settings', {
                  register_minutes: Number(lock.register),
                  other_minutes: Number(lock.other),
                }),
              'Tempo de bloqueio salvo.',
            );
          }}
        >
          <label>
            No caixa (minutos)
            <input
              type="number"
              min={1}
              max={240}
              value={lock.register}
              onChange={(e) => setLock({ ...lock, register: e.target.value })}
            />
          </label>
          <label>
            Nos demais computadores (minutos)
            <input
              type="number"
              min={1}
              max={240}
              value={lock.other}
              onChange={(e) => setLock({ ...lock, other: e.target.value })}
            />
          </label>
          <button type="submit">Salvar</button>
        </form>
      )}
    </div>
  );
}
