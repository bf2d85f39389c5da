import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { countOf, formatDateTime } from '../../format';
import { FormStatus } from './FormStatus';
import { KeyConflictList } from './KeyConflicts';
import './sincronizacao.css';

type Status = OpOutput<'sync.status'>;

/** What each synced table holds, for the list of rejected changes. */
const TABLE_LABELS: Record<string, string> = {
  stores: 'Loja',
  registers: 'Caixa',
  users: 'Usuário',
  products: 'Produto',
  variants: 'Variação',
  barcodes: 'Código de barras',
  salespeople: 'Vendedor',
  customers: 'Cliente',
  commission_rules: 'Regra de comissão',
  sales: 'Venda',
  sale_items: 'Item de venda',
  sale_discounts: 'Desconto',
  payments: 'Pagamento',
  cancellations: 'Cancelamento',
  returns: 'Devolução',
  return_items: 'Item devolvido',
  fiscal_documents: 'Dados fiscais',
  sale_status_history: 'Situação da venda',
  stock_movements: 'Movimento de estoque',
  loyalty_movements: 'Pontos de fidelidade',
  cash_sessions: 'Abertura de caixa',
  cash_movements: 'Movimento de caixa',
  cash_closings: 'Fechamento de caixa',
};

const REFRESH_MS = 3_000;

/**
 * Configurações → Sincronização: enrols this computer with a sync server (address + one-time
 * code), then shows whether it is connected, the last push, what is still to send (count and
 * oldest) and every change the server refused with its reason; "Sincronizar agora" wakes the
 * background push loop. The status refreshes while the section is open.
 */
export function SincronizacaoSection() {
  const [status, setStatus] = useState<Status | null>(null);
  const [notice, setNotice] = useState('');
  const load = useCallback(async () => setStatus(await call('sync.status', {})), []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  if (!status) return <p className="muted">Carregando…</p>;
  return (
    <div className="cfg-form panel" aria-label="Sincronização">
      <h2>Sincronização</h2>
      {status.enrolled ? (
        <SyncState
          status={status}
          notice={notice}
          onPush={() => void pushNow(load, setNotice)}
          onSettled={(text) => (setNotice(text), void load())}
        />
      ) : (
        <EnrolForm onEnrolled={() => void load()} />
      )}
    </div>
  );
}

async function pushNow(load: () => Promise<void>, setNotice: (text: string) => void) {
  const { started } = await call('sync.push_now', {});
  setNotice(started ? 'Sincronização iniciada.' : 'A sincronização automática não está ativa neste computador.');
  await load();
}

function EnrolForm({ onEnrolled }: { onEnrolled: () => void }) {
  const form = useForm({ server_url: '', code: '' });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      await call('sync.enrol', { server_url: form.values.server_url, code: form.values.code });
      onEnrolled();
    });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Vincular ao servidor">
      <p className="muted">
        Vincule este computador ao servidor da sua rede para enviar vendas, clientes e caixa à central. O Balcão
        continua funcionando sem internet; o envio acontece quando houver conexão.
      </p>
      <Field
        label="Endereço do servidor"
        placeholder="https://sync.exemplo.com.br"
        {...form.bind('server_url')}
        error={form.fieldError('server_url')}
      />
      <Field label="Código de vinculação" autoComplete="off" {...form.bind('code')} error={form.fieldError('code')} />
      <FormStatus error={form.error} />
      <button type="submit" className="primary" disabled={form.busy}>
        {form.busy ? 'Vinculando…' : 'Vincular este computador'}
      </button>
    </form>
  );
}

function SyncState({
  status,
  notice,
  onPush,
  onSettled,
}: {
  status: Status;
  notice: string;
  onPush: () => void;
  onSettled: (notice: string) => void;
}) {
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : 'nunca');
  return (
    <>
      <dl className="cfg-sync">
        <dt>Servidor</dt>
        <dd>{status.server_url}</dd>
        <dt>Conexão</dt>
        <dd data-testid="sync-connection">{status.connected ? 'Conectado' : 'Sem conexão'}</dd>
        <dt>Último envio</dt>
        <dd data-testid="sync-last-push">{when(status.last_push_at)}</dd>
        <dt>Pendentes</dt>
        <dd data-testid="sync-pending">
          {status.pending.count === 0
            ? 'Nada a enviar'
            : `${countOf(status.pending.count, 'alteração', 'alterações')}, a mais antiga de ${when(status.pending.oldest_at)}`}
        </dd>
      </dl>
      {status.last_error && (
        <p className="error" role="alert">
          {status.last_error.message}
        </p>
      )}
      {notice && (
        <p className="cfg-saved" role="status">
          {notice}
        </p>
      )}
      <button type="button" className="primary" onClick={onPush}>
        Sincronizar agora
      </button>
      <RejectedList rejected={status.rejected} />
      <MergedList merges={status.merges} />
      <KeyConflictList conflicts={status.key_conflicts} labels={TABLE_LABELS} onSettled={onSettled} />
    </>
  );
}

function RejectedList({ rejected }: { rejected: Status['rejected'] }) {
  if (rejected.total === 0) return null;
  return (
    <section aria-label="Alterações recusadas">
      <h3>{countOf(rejected.total, 'alteração recusada', 'alterações recusadas')} pelo servidor</h3>
      <p className="muted">Ficam guardadas neste computador e não são reenviadas. Confira os dados e corrija-os.</p>
      <table className="cfg-table">
        <thead>
          <tr>
            <th>Quando</th>
            <th>O quê</th>
            <th>Registro</th>
            <th>Motivo</th>
          </tr>
        </thead>
        <tbody>
          {rejected.items.map((r) => (
            <tr key={r.mutation_id}>
              <td>{formatDateTime(r.created_at)}</td>
              <td>{TABLE_LABELS[r.table] ?? r.table}</td>
              <td>{r.row_id}</td>
              <td>
                {r.message} <span className="muted">({r.code})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Rows two computers created with the same unique key (CPF, SKU, register code…) while
 * offline: the server kept the first and this computer now uses it everywhere (issue 14).
 */
function MergedList({ merges }: { merges: Status['merges'] }) {
  if (merges.total === 0) return null;
  return (
    <section aria-label="Registros unificados">
      <h3>{countOf(merges.total, 'registro unificado', 'registros unificados')}</h3>
      <p className="muted">
        Dois computadores criaram o mesmo cadastro (mesmo CPF, código ou SKU) sem conexão: ficou o primeiro que chegou
        ao servidor, e vendas e históricos do outro passaram para ele.
      </p>
      <table className="cfg-table">
        <thead>
          <tr>
            <th>Quando</th>
            <th>O quê</th>
            <th>Registro unificado</th>
            <th>Ficou</th>
          </tr>
        </thead>
        <tbody>
          {merges.items.map((m) => (
            <tr key={`${m.table}:${m.from_id}`}>
              <td>{formatDateTime(m.merged_at)}</td>
              <td>{TABLE_LABELS[m.table] ?? m.table}</td>
              <td>{m.from_id}</td>
              <td>{m.to_id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
