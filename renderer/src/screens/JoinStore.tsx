import { useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../app/contract/operations';
import { call } from '../api';
import { Field } from '../components/Field';
import { useForm } from '../components/useForm';
import { useSession } from '../session-store';

type Progress = OpOutput<'sync.join_status'>;

const POLL_MS = 500;

/**
 * "Entrar numa loja existente" on the first-run screen: server address, one-time code, the
 * store's code and this computer's own register. The enrolment answers at once (a refusal is
 * shown on the form); the download of the store (users, catalog, customers, history) then runs
 * with a progress bar, and when it is done the desktop goes to the sign-in screen.
 */
export function JoinStore({ onCancel }: { onCancel: () => void }) {
  const refresh = useSession((s) => s.refresh);
  const form = useForm({ server_url: '', code: '', store: '', register: '' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const running = progress?.state === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      void call('sync.join_status', {}).then((next) => {
        setProgress(next);
        if (next.state === 'done') void refresh();
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      setProgress(await call('sync.join', form.values));
    });
  }

  return (
    <main className="center-card">
      <form className="card" onSubmit={onSubmit} aria-label="Entrar numa loja existente">
        <h1>Entrar numa loja existente</h1>
        <p className="muted">
          Use o código de vinculação gerado no servidor da sua rede. Este computador recebe a loja, os usuários, o
          catálogo, os clientes e o histórico, e depois funciona mesmo sem internet.
        </p>
        <Field
          label="Endereço do servidor"
          placeholder="https://sync.exemplo.com.br"
          {...form.bind('server_url')}
          error={form.fieldError('server_url')}
          autoFocus
        />
        <Field label="Código de vinculação" autoComplete="off" {...form.bind('code')} error={form.fieldError('code')} />
        <Field label="Código da loja" placeholder="LJ01" {...form.bind('store')} error={form.fieldError('store')} />
        <Field
          label="Código do caixa deste computador"
          placeholder="CX2"
          {...form.bind('register')}
          error={form.fieldError('register')}
        />
        {progress && progress.state !== 'idle' && <JoinProgressView progress={progress} />}
        {form.error && !form.error.error.details && (
          <p className="error" role="alert">
            {form.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.busy || running}>
          {running ? 'Baixando a loja…' : 'Entrar na loja'}
        </button>
        <button type="button" onClick={onCancel} disabled={form.busy || running}>
          Voltar e criar uma loja nova
        </button>
      </form>
    </main>
  );
}

function JoinProgressView({ progress }: { progress: Progress }) {
  if (progress.state === 'failed') {
    return (
      <p className="error" role="alert">
        {progress.error?.message ?? 'Não foi possível entrar na loja.'}
      </p>
    );
  }
  const label = progress.state === 'done' ? 'Loja recebida' : 'Baixando a loja';
  return (
    <div aria-live="polite">
      <label htmlFor="join-progress">{label}</label>
      <progress id="join-progress" max={progress.tables_total} value={progress.tables_done} />
      <p className="muted" data-testid="join-progress-text">
        {progress.tables_done} de {progress.tables_total} tabelas · {progress.rows} registros
      </p>
    </div>
  );
}
