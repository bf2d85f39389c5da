import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, type ApiError } from '../../api';
import { errorOf } from '../../api-errors';
import { formatDateTime } from '../../format';
import { FormStatus } from './FormStatus';
import { RestoreBackups } from './RestoreBackups';
import { roleHas } from '../../../../app/auth/roles';
import { useSession } from '../../session-store';

type Status = OpOutput<'backup.status'>;

/**
 * Configurações → Backup (`backup.manage`): where and how often the automatic backup runs
 * (daily by default; the last 30 plus one a month for a year are kept), "Fazer backup agora",
 * and the backups of the backup folder, each restorable by the owner (RestoreBackups; the CLI's
 * `restore --db ARQUIVO --from BACKUP` does the same with the app closed).
 */
export function BackupSection() {
  const [status, setStatus] = useState<Status | null>(null);
  const [folder, setFolder] = useState('');
  const [hours, setHours] = useState('24');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const role = useSession((s) => s.status?.user?.role);
  const canRestore = Boolean(role && roleHas(role, 'backup.restore'));

  const load = useCallback(async () => {
    const s = await call('backup.status', {});
    setStatus(s);
    return s;
  }, []);
  useEffect(() => {
    void load().then((s) => {
      setFolder(s.settings.folder ?? '');
      setHours(String(s.settings.interval_hours));
    });
  }, [load]);
  useEffect(() => {
    if (!status?.running) return;
    const t = setInterval(() => void load(), 1_000);
    return () => clearInterval(t);
  }, [status?.running, load]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(undefined);
    try {
      await call('backup.update_settings', { folder: folder.trim() || null, interval_hours: Number(hours) });
      setSaved('Configuração de backup salva.');
      await load();
    } catch (err) {
      setError(errorOf(err));
    }
  }

  async function now() {
    setError(null);
    setSaved(undefined);
    try {
      await call('backup.run', {});
      await load();
    } catch (err) {
      setError(errorOf(err));
    }
  }

  if (!status) return <p>Carregando…</p>;
  return (
    <div className="cfg-section">
      <h2>Backup</h2>
      <form onSubmit={(e) => void save(e)} aria-label="Configuração de backup">
        <label>
          Pasta dos backups
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={status.folder} />
        </label>
        <label>
          A cada (horas)
          <input type="number" min={1} max={168} value={hours} onChange={(e) => setHours(e.target.value)} />
        </label>
        <p className="hint">
          Ficam os últimos 30 backups e mais um por mês durante um ano. Pasta atual: {status.folder}
        </p>
        <button type="submit">Salvar</button>
        <button type="button" className="primary" onClick={() => void now()} disabled={status.running}>
          {status.running ? 'Fazendo backup…' : 'Fazer backup agora'}
        </button>
        <FormStatus error={error} saved={saved} />
      </form>
      {status.last_error && (
        <p className="error" role="alert">
          Último backup falhou ({formatDateTime(status.last_error.at)}): {status.last_error.message}
        </p>
      )}
      <p>Próximo backup automático: {status.next_due ? formatDateTime(status.next_due) : 'desativado'}</p>
      <RestoreBackups files={status.files} canRestore={canRestore} />
    </div>
  );
}
