import { useEffect, useState } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { Dialog } from '../../components/Dialog';
import type { LeadConfig, LeadDetailData } from './leads-api';
import { originLabel } from './leads-api';

const KIND_LABELS = { note: 'Nota', call: 'Ligação', message: 'Mensagem', task: 'Tarefa' } as const;
const CHANGE_LABELS = { move: 'Movido', reopen: 'Reaberto', merge: 'Unido', convert: 'Convertido' } as const;
const when = (iso: string) => new Date(iso).toLocaleString('pt-BR', { dateStyle: 'short', timeStyle: 'short' });

/** The convert form: CPF, birth date, address; links or creates the customer. */
function ConvertForm({ lead, onDone }: { lead: LeadDetailData; onDone: () => void }) {
  const [f, setF] = useState({ cpf: '', birth_date: '', address: '' });
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    setError(null);
    try {
      await call('leads.convert', {
        lead_id: lead.id,
        cpf: f.cpf || undefined,
        birth_date: f.birth_date || undefined,
        address: f.address || undefined,
        customer_id: lead.customer?.id,
      });
      onDone();
    } catch (e) {
      const err = errorOf(e);
      setError(err.issues?.[0]?.message ?? err.message);
    }
  }
  return (
    <form
      className="lead-convert"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>Converter em cliente</h3>
      <label className="field">
        <span>CPF</span>
        <input value={f.cpf} maxLength={20} onChange={(e) => setF({ ...f, cpf: e.target.value })} />
      </label>
      <label className="field">
        <span>Nascimento</span>
        <input type="date" value={f.birth_date} onChange={(e) => setF({ ...f, birth_date: e.target.value })} />
      </label>
      <label className="field">
        <span>Endereço</span>
        <input value={f.address} maxLength={500} onChange={(e) => setF({ ...f, address: e.target.value })} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        Converter em cliente
      </button>
    </form>
  );
}

/** Lead detail: fields, timeline, activities (tasks with due date), BANT score, duplicates, convert. */
export function LeadDetail({
  id,
  config,
  onClose,
  onChanged,
}: {
  id: string;
  config: LeadConfig;
  onClose: () => void;
  onChanged: () => void;
}) {
  const [lead, setLead] = useState<LeadDetailData | null>(null);
  const [activity, setActivity] = useState({ kind: 'note' as keyof typeof KIND_LABELS, body: '', due: '' });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    void call('leads.get', { lead_id: id }).then((l) => {
      setLead(l);
      setAnswers(l.bant_answers);
    });
  useEffect(load, [id]);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      load();
      onChanged();
    } catch (e) {
      const err = errorOf(e);
      setError(err.issues?.[0]?.message ?? err.message);
    }
  };
  if (!lead) return null;
  return (
    <Dialog title={`Lead: ${lead.name}`} onClose={onClose} wide>
      <div className="lead-detail">
        <dl className="lead-fields">
          <dt>Etapa</dt>
          <dd data-testid="lead-stage">{config.stage_labels[lead.stage]}</dd>
          <dt>Telefone</dt>
          <dd>{lead.phone ?? '—'}</dd>
          <dt>E-mail</dt>
          <dd>{lead.email ?? '—'}</dd>
          <dt>Origem</dt>
          <dd>{originLabel(config, lead.origin)}</dd>
          <dt>Interesse</dt>
          <dd>{lead.interest ?? '—'}</dd>
          <dt>Score BANT</dt>
          <dd>{lead.bant_score}</dd>
          {lead.lost_reason && (
            <>
              <dt>Motivo da perda</dt>
              <dd>{lead.lost_reason}</dd>
            </>
          )}
          <dt>Cliente</dt>
          <dd data-testid="lead-customer">{lead.customer ? lead.customer.name : '—'}</dd>
        </dl>
        {(lead.duplicates.leads.length > 0 || lead.duplicates.customers.length > 0) && (
          <div className="lead-duplicates" role="note">
            <strong>Possíveis duplicados</strong>
            <ul>
              {lead.duplicates.customers.map((c) => (
                <li key={c.id}>
                  Cliente {c.name} ({c.by === 'phone' ? 'telefone' : 'e-mail'}){' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => void run(() => call('leads.link', { lead_id: lead.id, customer_id: c.id }))}
                  >
                    Vincular
                  </button>
                </li>
              ))}
              {lead.duplicates.leads.map((l) => (
                <li key={l.id}>
                  Lead {l.name} ({l.by === 'phone' ? 'telefone' : 'e-mail'}){' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => void run(() => call('leads.merge', { lead_id: l.id, into_lead_id: lead.id }))}
                  >
                    Unir a este
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <section aria-label="Linha do tempo">
          <h3>Linha do tempo</h3>
          <ol className="lead-timeline">
            <li>{when(lead.created_at)} — criado</li>
            {lead.history.map((h) => (
              <li key={h.id}>
                {when(h.occurred_at)} — {CHANGE_LABELS[h.kind]}:{' '}
                {h.from_stage ? config.stage_labels[h.from_stage] : '—'} → {config.stage_labels[h.to_stage]}
                {h.reason ? ` (${h.reason})` : ''} {h.user_name ? `· ${h.user_name}` : ''}
              </li>
            ))}
          </ol>
        </section>
        <section aria-label="Atividades">
          <h3>Atividades</h3>
          <ul className="lead-activities">
            {lead.activities.map((a) => (
              <li key={a.id}>
                <strong>{KIND_LABELS[a.kind]}</strong> {a.body}
                {a.kind === 'task' && (
                  <label>
                    {' '}
                    <input
                      type="checkbox"
                      checked={a.done === 1}
                      onChange={(e) =>
                        void run(() => call('leads.setActivityDone', { activity_id: a.id, done: e.target.checked }))
                      }
                    />{' '}
                    {a.due_at ? `prazo ${when(a.due_at)}` : 'sem prazo'}
                  </label>
                )}
              </li>
            ))}
          </ul>
          <form
            className="lead-activity-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await call('leads.addActivity', {
                  lead_id: lead.id,
                  kind: activity.kind,
                  body: activity.body,
                  due_at: activity.kind === 'task' && activity.due ? new Date(activity.due).toISOString() : undefined,
                });
                setActivity({ ...activity, body: '', due: '' });
              });
            }}
          >
            <select
              aria-label="Tipo de atividade"
              value={activity.kind}
              onChange={(e) => setActivity({ ...activity, kind: e.target.value as typeof activity.kind })}
            >
              {Object.entries(KIND_LABELS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
            <input
              aria-label="Descrição da atividade"
              value={activity.body}
              maxLength={1000}
              onChange={(e) => setActivity({ ...activity, body: e.target.value })}
            />
            {activity.kind === 'task' && (
              <input
                aria-label="Prazo"
                type="datetime-local"
                value={activity.due}
                onChange={(e) => setActivity({ ...activity, due: e.target.value })}
              />
            )}
            <button type="submit">Adicionar</button>
          </form>
        </section>
        <section aria-label="Qualificação BANT">
          <h3>Qualificação BANT</h3>
          {config.bant.map((q) => (
            <label className="field" key={q.key}>
              <span>{q.question}</span>
              {q.type === 'options' ? (
                <select
                  value={answers[q.key] ?? ''}
                  onChange={(e) => setAnswers({ ...answers, [q.key]: e.target.value })}
                >
                  <option value="">—</option>
                  {q.choices.map((c) => (
                    <option key={c.label} value={c.label}>
                      {c.label} ({c.points})
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  value={answers[q.key] ?? ''}
                  maxLength={1000}
                  onChange={(e) => setAnswers({ ...answers, [q.key]: e.target.value })}
                />
              )}
            </label>
          ))}
          <button type="button" onClick={() => void run(() => call('leads.score', { lead_id: lead.id, answers }))}>
            Calcular score
          </button>
        </section>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {lead.open && (
          <ConvertForm
            lead={lead}
            onDone={() => {
              load();
              onChanged();
            }}
          />
        )}
      </div>
    </Dialog>
  );
}
