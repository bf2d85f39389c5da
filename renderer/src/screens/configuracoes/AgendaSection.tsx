import { useCallback, useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, invoke } from '../../api';
import { isoAt } from '../agenda/agenda-time';
import { formatDate } from '../../format';

type Pros = OpOutput<'agenda.professionals'>;
type Procs = OpOutput<'agenda.procedures'>;
type Resources = OpOutput<'agenda.resources'>;
type ExBlocks = OpOutput<'agenda.exceptions'>;

const DAYS = ['', 'Segunda', 'Terça', 'Quarta', 'Quinta', 'Sexta', 'Sábado', 'Domingo'];

/** "09:00-12:00, 13:00-18:00" → intervals; null when a part is not HH:MM-HH:MM. */
export function parseIntervals(text: string): { start: string; end: string }[] | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: { start: string; end: string }[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–a]\s*(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    out.push({ start: `${m[1]!.padStart(2, '0')}:${m[2]}`, end: `${m[3]!.padStart(2, '0')}:${m[4]}` });
  }
  return out;
}

const formatIntervals = (list: { start: string; end: string }[]) => list.map((i) => `${i.start}-${i.end}`).join(', ');

/** Configurações → Agenda: professionals and their hours, exceptions, blocks, resources, demo data. */
export function AgendaSection() {
  const [pros, setPros] = useState<Pros>([]);
  const [procs, setProcs] = useState<Procs>([]);
  const [resources, setResources] = useState<Resources>([]);
  const [exBlocks, setExBlocks] = useState<ExBlocks | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    const [p, pr, r, e] = await Promise.all([
      call('agenda.professionals', {}),
      call('agenda.procedures', {}),
      call('agenda.resources', {}),
      call('agenda.exceptions', {}),
    ]);
    setPros(p);
    setProcs(pr);
    setResources(r);
    setExBlocks(e);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function run<T>(
    promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
    ok: string,
  ) {
    const r = await promise;
    setMessage(r.ok ? ok : r.error.message);
    if (r.ok) await load();
    return r.ok;
  }

  return (
    <div className="cfg-agenda">
      <h2>Agenda</h2>
      <p role="status" aria-live="polite">
        {message}
      </p>
      <button
        type="button"
        onClick={() => void run(invoke('agenda.demo', {}), 'Dados de exemplo da clínica carregados.')}
      >
        Carregar dados de exemplo (clínica)
      </button>
      <ProfessionalForm
        pros={pros}
        procs={procs}
        onSave={(input) => run(invoke('agenda.upsert_professional', input), 'Profissional salvo.')}
      />
      <h3>Exceções (folga ou horário diferente num dia)</h3>
      <ExceptionForm
        pros={pros}
        onSave={(input) => run(invoke('agenda.add_exception', input), 'Exceção salva.')}
        onError={setMessage}
      />
      <ul>
        {exBlocks?.exceptions.map((e) => (
          <li key={e.id}>
            {formatDate(e.date)} — {e.professional_external_id}:{' '}
            {e.intervals.length === 0 ? 'folga' : formatIntervals(e.intervals)}{' '}
            <button
              type="button"
              onClick={() => void run(invoke('agenda.remove_exception', { id: e.id }), 'Exceção removida.')}
            >
              Remover
            </button>
          </li>
        ))}
      </ul>
      <h3>Bloqueios</h3>
      {exBlocks && (
        <BlockForm
          pros={pros}
          zone={exBlocks.timezone}
          onSave={(input) => run(invoke('agenda.add_block', input), 'Bloqueio salvo.')}
        />
      )}
      <ul>
        {exBlocks?.blocks.map((b) => (
          <li key={b.id}>
            {b.start.slice(0, 16).replace('T', ' ')} a {b.end.slice(11, 16)} — {b.professional_external_id}: {b.reason}{' '}
            <button
              type="button"
              onClick={() => void run(invoke('agenda.remove_block', { id: b.id }), 'Bloqueio removido.')}
            >
              Remover
            </button>
          </li>
        ))}
      </ul>
      <h3>Recursos (salas, equipamentos)</h3>
      <ResourceForm onSave={(input) => run(invoke('agenda.upsert_resource', input), 'Recurso salvo.')} />
      <ul>
        {resources.map((r) => (
          <li key={r.id}>
            {r.name} ({r.external_id}){r.active ? '' : ' — inativo'}
          </li>
        ))}
      </ul>
    </div>
  );
}

type ProInput = {
  external_id: string;
  name: string;
  procedures: string[];
  working_hours: { weekday: number; start: string; end: string }[];
};

function ProfessionalForm({
  pros,
  procs,
  onSave,
}: {
  pros: Pros;
  procs: Procs;
  onSave: (input: ProInput) => Promise<boolean>;
}) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [hours, setHours] = useState<string[]>(['', '', '', '', '', '', '', '']);
  const [error, setError] = useState<string | null>(null);
  const services = procs.filter((p) => p.kind === 'service' && p.external_id);

  function edit(p: Pros[number]) {
    setId(p.external_id);
    setName(p.name);
    setChosen(p.procedures);
    setHours([0, 1, 2, 3, 4, 5, 6, 7].map((d) => formatIntervals(p.working_hours.filter((w) => w.weekday === d))));
  }

  async function save() {
    const working: ProInput['working_hours'] = [];
    for (let d = 1; d <= 7; d++) {
      const list = parseIntervals(hours[d] ?? '');
      if (!list) return setError(`${DAYS[d]}: use HH:MM-HH:MM, separados por vírgula.`);
      working.push(...list.map((i) => ({ weekday: d, ...i })));
    }
    setError(null);
    if (await onSave({ external_id: id.trim(), name: name.trim(), procedures: chosen, working_hours: working }))
      setId('');
  }

  return (
    <section aria-label="Profissionais">
      <h3>Profissionais e horários</h3>
      <ul>
        {pros.map((p) => (
          <li key={p.external_id}>
            {p.name} — {p.procedures.length} procedimento(s){' '}
            <button type="button" onClick={() => edit(p)}>
              Editar
            </button>
          </li>
        ))}
      </ul>
      <div className="cfg-agenda-form">
        <label className="field">
          <span>Código</span>
          <input value={id} onChange={(e) => setId(e.target.value)} />
        </label>
        <label className="field">
          <span>Nome</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset>
          <legend>Procedimentos que realiza</legend>
          {services.map((s) => (
            <label key={s.external_id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(s.external_id ?? '')}
                onChange={(e) =>
                  setChosen(
                    e.target.checked ? [...chosen, s.external_id ?? ''] : chosen.filter((c) => c !== s.external_id),
                  )
                }
              />{' '}
              {s.name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Horário semanal (ex.: 09:00-12:00, 13:00-18:00; vazio = não atende)</legend>
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <label key={d} className="field">
              <span>{DAYS[d]}</span>
              <input
                value={hours[d] ?? ''}
                onChange={(e) => setHours(hours.map((h, i) => (i === d ? e.target.value : h)))}
              />
            </label>
          ))}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="button" className="primary" onClick={() => void save()}>
          Salvar profissional
        </button>
      </div>
    </section>
  );
}

function ExceptionForm(props: {
  pros: Pros;
  onSave: (input: {
    professional_external_id: string;
    date: string;
    intervals: { start: string; end: string }[];
  }) => Promise<boolean>;
  onError: (message: string) => void;
}) {
  const [pro, setPro] = useState('');
  const [date, setDate] = useState('');
  const [text, setText] = useState('');
  return (
    <div className="cfg-agenda-form">
      <ProSelect pros={props.pros} value={pro} onChange={setPro} />
      <label className="field">
        <span>Data</span>
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label className="field">
        <span>Horário do dia (vazio = folga)</span>
        <input value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() => {
          const intervals = parseIntervals(text);
          if (!intervals) return props.onError('Use HH:MM-HH:MM, separados por vírgula.');
          void props.onSave({ professional_external_id: pro || props.pros[0]?.external_id || '', date, intervals });
        }}
      >
        Salvar exceção
      </button>
    </div>
  );
}

function BlockForm(props: {
  pros: Pros;
  zone: string;
  onSave: (input: { professional_external_id: string; start: string; end: string; reason: string }) => Promise<boolean>;
}) {
  const [pro, setPro] = useState('');
  const [date, setDate] = useState('');
  const [start, setStart] = useState('12:00');
  const [end, setEnd] = useState('13:00');
  const [reason, setReason] = useState('');
  return (
    <div className="cfg-agenda-form">
      <ProSelect pros={props.pros} value={pro} onChange={setPro} />
      <label className="field">
        <span>Data</span>
        <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label className="field">
        <span>Das</span>
        <input type="time" value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label className="field">
        <span>Até</span>
        <input type="time" value={end} onChange={(e) => setEnd(e.target.value)} />
      </label>
      <label className="field">
        <span>Motivo</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          void props.onSave({
            professional_external_id: pro || props.pros[0]?.external_id || '',
            start: isoAt(props.zone, date, start),
            end: isoAt(props.zone, date, end),
            reason,
          })
        }
      >
        Bloquear
      </button>
    </div>
  );
}

function ResourceForm({ onSave }: { onSave: (input: { external_id: string; name: string }) => Promise<boolean> }) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  return (
    <div className="cfg-agenda-form">
      <label className="field">
        <span>Código</span>
        <input value={id} onChange={(e) => setId(e.target.value)} />
      </label>
      <label className="field">
        <span>Nome</span>
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="button" onClick={() => void onSave({ external_id: id.trim(), name: name.trim() })}>
        Salvar recurso
      </button>
    </div>
  );
}

function ProSelect({ pros, value, onChange }: { pros: Pros; value: string; onChange: (v: string) => void }) {
  return (
    <label className="field">
      <span>Profissional</span>
      <select value={value || pros[0]?.external_id || ''} onChange={(e) => onChange(e.target.value)}>
        {pros.map((p) => (
          <option key={p.external_id} value={p.external_id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
