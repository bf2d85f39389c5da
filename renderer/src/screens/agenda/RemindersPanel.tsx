import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, invoke } from '../../api';
import { localHm } from './agenda-time';
import { formatDate } from '../../format';

type Data = OpOutput<'agenda.reminders'>;

/** Tomorrow's reminders: the text from the template and a wa.me link per patient; mark sent. */
export function RemindersPanel({ canEditTemplate }: { canEditTemplate: boolean }) {
  const [data, setData] = useState<Data | null>(null);
  const [template, setTemplate] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const load = () =>
    void call('agenda.reminders', {}).then((d) => {
      setData(d);
      setTemplate(d.template);
    });
  useEffect(load, []);
  if (!data) return <p className="muted">Carregando…</p>;

  async function mark(id: string) {
    const r = await invoke('agenda.mark_reminder_sent', { external_id: id });
    if (!r.ok) setMessage(r.error.message);
    load();
  }

  async function saveTemplate() {
    const r = await invoke('agenda.set_reminder_template', { template });
    setMessage(r.ok ? 'Modelo salvo.' : r.error.message);
    load();
  }

  return (
    <section className="agenda-reminders" aria-label="Lembretes">
      <h2>Lembretes de {formatDate(data.date)}</h2>
      {data.reminders.length === 0 && <p className="muted">Nenhum agendamento em aberto para amanhã.</p>}
      <ul>
        {data.reminders.map((r) => (
          <li key={r.external_id}>
            <strong>
              {localHm(r.start)} {r.patient}
            </strong>{' '}
            — {r.procedure} com {r.professional}
            <p className="muted">{r.text}</p>
            {r.link ? (
              <a href={r.link} target="_blank" rel="noreferrer">
                Abrir no WhatsApp
              </a>
            ) : (
              <span className="muted">Sem telefone válido</span>
            )}{' '}
            {r.sent_at ? (
              <span className="muted">Enviado</span>
            ) : (
              <button type="button" onClick={() => void mark(r.external_id)}>
                Marcar como enviado
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEditTemplate && (
        <div className="agenda-template">
          <label className="field">
            <span>
              Modelo ({'{nome}'}, {'{procedimento}'}, {'{data}'}, {'{hora}'}, {'{profissional}'})
            </span>
            <textarea value={template} rows={3} onChange={(e) => setTemplate(e.target.value)} />
          </label>
          <button type="button" onClick={() => void saveTemplate()}>
            Salvar modelo
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
