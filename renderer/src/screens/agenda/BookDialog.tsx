import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, invoke } from '../../api';
import { Dialog } from '../../components/Dialog';
import { formatMoney, formatDate } from '../../format';
import { isoAt, localHm } from './agenda-time';
import type { Procedure, Professional } from './labels';
import { PatientAgenda } from './PatientAgenda';

type Found = OpOutput<'customers.find'>[number];

interface BookDialogProps {
  zone: string;
  date: string;
  hm: string;
  professional: string;
  professionals: Professional[];
  procedures: Procedure[];
  onBooked: () => void;
  onClose: () => void;
}

/**
 * Book from an empty slot: search the patient, pick the procedure, see the free slots of the
 * day; the slot clicked is the default time (a taken one is refused with the reason shown).
 */
export function BookDialog(props: BookDialogProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [patient, setPatient] = useState<Found | null>(null);
  const [professional, setProfessional] = useState(props.professional);
  const offered = props.professionals.find((p) => p.external_id === professional)?.procedures ?? [];
  const options = props.procedures.filter(
    (p) => p.kind === 'service' && p.external_id && offered.includes(p.external_id),
  );
  const [procedure, setProcedure] = useState(options[0]?.external_id ?? '');
  const [start, setStart] = useState(isoAt(props.zone, props.date, props.hm));
  const [slots, setSlots] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (query.trim() === '') return setFound([]);
      void call('customers.find', { query, limit: 6 }).then(setFound, () => undefined);
    }, 120);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    if (!procedure) return setSlots([]);
    void call('agenda.slots', {
      procedure_external_id: procedure,
      professional_external_id: professional,
      from: props.date,
      to: props.date,
    }).then(
      (s) => setSlots(s.map((x) => x.start)),
      () => setSlots([]),
    );
  }, [procedure, professional, props.date]);

  async function book() {
    if (!patient) return setError('Escolha o paciente.');
    if (!procedure) return setError('Escolha o procedimento.');
    setBusy(true);
    const result = await invoke('agenda.book', {
      customer_id: patient.id,
      procedure_external_id: procedure,
      professional_external_id: professional,
      start,
    });
    setBusy(false);
    if (result.ok) props.onBooked();
    else setError(result.error.message);
  }

  return (
    <Dialog title={`Agendar — ${formatDate(props.date)}`} onClose={props.onClose} wide>
      <div className="agenda-book">
        <label className="field">
          <span>Paciente</span>
          <input
            data-autofocus
            value={patient ? patient.name : query}
            onChange={(e) => {
              setPatient(null);
              setQuery(e.target.value);
            }}
            placeholder="Nome, telefone ou CPF"
            aria-label="Buscar paciente"
          />
        </label>
        {!patient && found.length > 0 && (
          <ul className="agenda-found" aria-label="Pacientes encontrados">
            {found.map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => setPatient(c)}>
                  {c.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        {patient && <PatientAgenda customerId={patient.id} compact />}
        <label className="field">
          <span>Profissional</span>
          <select value={professional} onChange={(e) => setProfessional(e.target.value)}>
            {props.professionals.map((p) => (
              <option key={p.external_id} value={p.external_id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Procedimento</span>
          <select value={procedure} onChange={(e) => setProcedure(e.target.value)}>
            {options.map((p) => (
              <option key={p.external_id} value={p.external_id ?? ''}>
                {p.name} — {p.duration_minutes} min — {formatMoney(p.price_cents)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="agenda-slots">
          <legend>Horário: {localHm(start)} (livres no dia)</legend>
          {slots.length === 0 && <p className="muted">Nenhum horário livre nesse dia para esse procedimento.</p>}
          {slots.map((s) => (
            <button key={s} type="button" aria-pressed={s === start} onClick={() => setStart(s)}>
              {localHm(s)}
            </button>
          ))}
        </fieldset>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="button" className="primary" disabled={busy} onClick={() => void book()}>
          Agendar
        </button>
      </div>
    </Dialog>
  );
}
