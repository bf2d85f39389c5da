import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { roleHas } from '../../../../app/auth/roles';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { formatDateTime } from '../../format';
import { useSession } from '../../session-store';

type Consents = OpOutput<'consents.list'>;
type Notes = OpOutput<'clinical.view'>;

const PURPOSES = [
  {
    key: 'lembretes',
    label: 'Lembretes de consulta',
    text: 'Aceito receber lembretes dos meus horários por WhatsApp.',
  },
  { key: 'marketing', label: 'Ofertas (marketing)', text: 'Aceito receber ofertas e novidades por WhatsApp.' },
] as const;

/**
 * A patient's LGPD consents (lembretes, marketing: grant with the text shown, revoke) for roles
 * with `customers.manage`, and the clinical notes (evolução, anamnese) decrypted for roles with
 * `clinical.view`, with a form to add one (`clinical.write`).
 */
export function PatientTrust({ customerId }: { customerId: string }) {
  const role = useSession((s) => s.status?.user?.role);
  const [consents, setConsents] = useState<Consents | null>(null);
  const [notes, setNotes] = useState<Notes | null>(null);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'evolucao' | 'anamnese'>('evolucao');
  const [error, setError] = useState<string | null>(null);
  const canConsent = !!role && roleHas(role, 'customers.manage');
  const canRead = !!role && roleHas(role, 'clinical.view');
  const canWrite = !!role && roleHas(role, 'clinical.write');

  const load = useCallback(async () => {
    if (canConsent) setConsents(await call('consents.list', { customer_id: customerId }));
    if (canRead) setNotes(await call('clinical.view', { customer_id: customerId }));
  }, [customerId, canConsent, canRead]);
  useEffect(() => {
    load().catch((e: unknown) => setError(errorOf(e).message));
  }, [load]);

  async function act(what: () => Promise<unknown>) {
    setError(null);
    try {
      await what();
      await load();
    } catch (e) {
      setError(errorOf(e).message);
    }
  }

  function addNote(e: FormEvent) {
    e.preventDefault();
    void act(async () => {
      await call('clinical.add', { customer_id: customerId, kind, text });
      setText('');
    });
  }

  return (
    <section className="agenda-patient" aria-label="Privacidade e prontuário">
      {consents && (
        <ul aria-label="Consentimentos">
          {PURPOSES.map((p) => (
            <li key={p.key}>
              {p.label}: {consents.current[p.key] ? 'autorizado' : 'sem consentimento'}{' '}
              {consents.current[p.key] ? (
                <button
                  type="button"
                  onClick={() => void act(() => call('consents.revoke', { customer_id: customerId, purpose: p.key }))}
                >
                  Revogar
                </button>
              ) : (
                <button
                  type="button"
                  title={p.text}
                  onClick={() =>
                    void act(() =>
                      call('consents.grant', {
                        customer_id: customerId,
                        purpose: p.key,
                        text_shown: p.text,
                        channel: 'presencial',
                      }),
                    )
                  }
                >
                  Registrar consentimento
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {notes && (
        <div aria-label="Anotações clínicas">
          <h4>Anotações clínicas</h4>
          {notes.notes.length === 0 && <p>Nenhuma anotação.</p>}
          <ul>
            {notes.notes.map((n) => (
              <li key={n.id}>
                {formatDateTime(n.created_at)} · {n.kind === 'evolucao' ? 'Evolução' : 'Anamnese'}
                {n.author ? ` · ${n.author}` : ''}: {n.text}
              </li>
            ))}
          </ul>
          {canWrite && (
            <form onSubmit={addNote} aria-label="Nova anotação clínica">
              <select
                value={kind}
                onChange={(e) => setKind(e.target.value as 'evolucao' | 'anamnese')}
                aria-label="Tipo"
              >
                <option value="evolucao">Evolução</option>
                <option value="anamnese">Anamnese</option>
              </select>
              <textarea value={text} onChange={(e) => setText(e.target.value)} aria-label="Anotação" required />
              <button type="submit">Salvar anotação</button>
            </form>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
