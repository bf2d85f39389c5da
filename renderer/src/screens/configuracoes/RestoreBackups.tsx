import { useState, type ChangeEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { invoke } from '../../api';
import { CarefulConfirm } from '../../components/CarefulConfirm';
import { formatDateTime } from '../../format';
import { useSession } from '../../session-store';
import { bytesToBase64 } from './config-util';

type BackupFile = OpOutput<'backup.status'>['files'][number];

/** ~15 MB: the largest file sent through the bridge (`backup.restore_upload`, 20 MB of base64). */
const MAX_UPLOAD_BYTES = 15_000_000;

const TRIGGERS: Record<string, string> = { automatico: 'Automático', manual: 'Manual', cli: 'Linha de comando' };

export function size(bytes: number): string {
  return bytes >= 1_048_576
    ? `${(bytes / 1_048_576).toFixed(1).replace('.', ',')} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

type Pending = { kind: 'file'; file: BackupFile } | { kind: 'upload'; name: string; content: string };

/**
 * The backups of the backup folder (date, type, size, verified) and, for the owner
 * (`backup.restore`), "Restaurar" on each and a file sent from this computer. The confirmation
 * says what happens: the backup is checked first, the current data is kept as
 * "…-antes-da-restauracao-…", everyone is signed out. After a restore the app goes back to the
 * login on the restored data; a refused backup (corrupted, not Balcão's) changes nothing.
 */
export function RestoreBackups({ files, canRestore }: { files: BackupFile[]; canRestore: boolean }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  async function confirm() {
    if (!pending) return;
    setBusy(true);
    setError(null);
    const result =
      pending.kind === 'file'
        ? await invoke('backup.restore', { name: pending.file.name })
        : await invoke('backup.restore_upload', { name: pending.name, content_base64: pending.content });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setPending(null);
    // Every session was signed out: the login screen, on the restored data.
    await useSession.getState().refresh();
  }

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    setUploadError(null);
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > MAX_UPLOAD_BYTES) {
      setUploadError(
        'Arquivo grande demais para enviar (até 15 MB): copie-o para a pasta de backups e restaure pela lista.',
      );
      return;
    }
    const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    setError(null);
    setPending({ kind: 'upload', name: file.name.slice(0, 255), content });
  }

  const what =
    pending?.kind === 'file'
      ? `o backup de ${formatDateTime(pending.file.taken_at)}`
      : `o arquivo ${pending?.name ?? ''}`;
  return (
    <>
      <table className="cfg-table" aria-label="Backups">
        <thead>
          <tr>
            <th>Quando</th>
            <th>Tipo</th>
            <th>Tamanho</th>
            <th>Verificado</th>
            <th>Arquivo</th>
            {canRestore && <th />}
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.name}>
              <td>{formatDateTime(f.taken_at)}</td>
              <td>{f.trigger ? (TRIGGERS[f.trigger] ?? f.trigger) : 'Copiado para a pasta'}</td>
              <td>{size(f.bytes)}</td>
              <td title={f.sha256 ?? undefined}>{f.verified ? 'Sim (SHA-256 gravado)' : 'Não'}</td>
              <td>{f.name}</td>
              {canRestore && (
                <td>
                  <button type="button" onClick={() => (setError(null), setPending({ kind: 'file', file: f }))}>
                    Restaurar
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {files.length === 0 && <p>Nenhum backup na pasta ainda.</p>}
      {canRestore ? (
        <p className="hint">
          <label>
            Restaurar de um arquivo deste computador (até 15 MB){' '}
            <input type="file" accept=".sqlite3,.sqlite,.db" onChange={(e) => void pick(e)} />
          </label>
          {uploadError && (
            <span className="error" role="alert">
              {' '}
              {uploadError}
            </span>
          )}
        </p>
      ) : (
        <p className="hint">Só o dono pode restaurar um backup.</p>
      )}
      {pending && (
        <CarefulConfirm
          title="Restaurar backup"
          error={error}
          busy={busy}
          confirmLabel="Restaurar"
          busyLabel="Restaurando…"
          danger
          onConfirm={() => void confirm()}
          onCancel={() => setPending(null)}
        >
          <p>Restaurar {what}? O backup é conferido antes (integridade e versão); se estiver corrompido, nada muda.</p>
          <p>
            Os dados atuais não são apagados: ficam guardados ao lado do banco como
            “…-antes-da-restauracao-DATA.sqlite3”. Vendas e alterações feitas depois deste backup deixam de aparecer.
            Todos saem do sistema e entram de novo.
          </p>
        </CarefulConfirm>
      )}
    </>
  );
}
