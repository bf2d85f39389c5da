import { useState } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { Dialog } from '../../components/Dialog';
import type { LeadConfig } from './leads-api';

/** "Novo lead": name, phone, e-mail, origin, interest, tags; duplicates are shown after saving. */
export function LeadForm({
  config,
  onSaved,
  onClose,
}: {
  config: LeadConfig;
  onSaved: (id: string) => void;
  onClose: () => void;
}) {
  const [f, setF] = useState({
    name: '',
    phone: '',
    email: '',
    origin: config.origins.find((o) => o.active)?.key ?? 'manual',
    interest: '',
    tags: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const tags = f.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const r = await call('leads.upsert', {
        name: f.name,
        phone: f.phone,
        email: f.email,
        origin: f.origin,
        interest: f.interest,
        tags,
      });
      onSaved(r.id);
    } catch (e) {
      const err = errorOf(e);
      setError(err.issues?.[0]?.message ?? err.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title="Novo lead" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span>Nome</span>
          <input data-autofocus value={f.name} maxLength={120} onChange={set('name')} />
        </label>
        <label className="field">
          <span>Telefone</span>
          <input value={f.phone} maxLength={40} placeholder="(11) 98765-4321" onChange={set('phone')} />
        </label>
        <label className="field">
          <span>E-mail</span>
          <input value={f.email} maxLength={254} onChange={set('email')} />
        </label>
        <label className="field">
          <span>Origem</span>
          <select value={f.origin} onChange={set('origin')}>
            {config.origins
              .filter((o) => o.active)
              .map((o) => (
                <option key={o.key} value={o.key}>
                  {o.label}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>Interesse</span>
          <input value={f.interest} maxLength={200} onChange={set('interest')} />
        </label>
        <label className="field">
          <span>Etiquetas (separadas por vírgula)</span>
          <input value={f.tags} maxLength={400} onChange={set('tags')} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Voltar (Esc)
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Salvar lead
          </button>
        </div>
      </form>
    </Dialog>
  );
}
