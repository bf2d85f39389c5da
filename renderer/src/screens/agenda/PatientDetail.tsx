import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatDay, localDate, localHm } from './agenda-time';
import { STATUS_LABELS } from './labels';

type Found = OpOutput<'customers.find'>[number];
type Data = OpOutput<'agenda.customer'>;
type Visit = Data['appointments'][number];

const OPEN = new Set<Visit['status']>(['pendente', 'confirmado', 'em_atendimento']);
const MOVEMENT_LABELS: Record<string, string> = {
  purchase: 'Compra',
  consume: 'Sessão usada',
  return: 'Devolução',
  cancel: 'Cancelamento',
};

/**
 * Pacientes (issue 11): find a patient (the store's customers) and see the next bookings, the
 * history of appointments (status, professional, a session of a package or not) and the session
 * packages with their balance and every movement of the ledger (`agenda.customer`).
 */
export function PatientsPanel() {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [patient, setPatient] = useState<Found | null>(null);
  useEffect(() => {
    if (query.trim().length < 2) return setFound([]);
    const timer = setTimeout(() => {
      void call('customers.find', { query, limit: 8 }).then(setFound, () => setFound([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <section className="agenda-patients" aria-label="Pacientes">
      <label className="field">
        <span>Paciente (nome, telefone ou CPF)</span>
        <input value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      </label>
      {found.length > 0 && (
        <ul className="agenda-found" aria-label="Pacientes encontrados">
          {found.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setPatient(c);
                  setFound([]);
                  setQuery('');
                }}
              >
                {c.name}
              </button>{' '}
              <small className="muted">{c.phone ?? ''}</small>
            </li>
          ))}
        </ul>
      )}
      {patient && <PatientDetail key={patient.id} patient={patient} />}
    </section>
  );
}

/** One patient's agenda: next bookings, past appointments and package balances. */
export function PatientDetail({ patient }: { patient: { id: string; name: string; phone?: string | null } }) {
  const [data, setData] = useState<Data | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => {
    call('agenda.customer', { customer_id: patient.id })
      .then(setData)
      .catch((e: unknown) => setMessage(e instanceof ApiError ? e.message : 'Erro ao carregar o paciente.'));
  }, [patient.id]);
  if (message) return <p className="error">{message}</p>;
  if (!data) return <p className="muted">Carregando…</p>;
  const upcoming = data.appointments
    .filter((a) => OPEN.has(a.status) && Date.parse(a.start) >= Date.now())
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = data.appointments.filter((a) => !upcoming.includes(a));
  return (
    <article className="agenda-patient-detail" aria-label={`Paciente ${patient.name}`}>
      <h2>
        {patient.name} {patient.phone && <small className="muted">{patient.phone}</small>}
      </h2>
      <section aria-label="Próximos agendamentos">
        <h3>Próximos agendamentos</h3>
        {upcoming.length === 0 ? <p className="muted">Nenhum agendamento futuro.</p> : <Visits list={upcoming} />}
      </section>
      <section aria-label="Pacotes de sessões">
        <h3>Pacotes</h3>
        {data.packages.length === 0 ? (
          <p className="muted">Nenhum pacote.</p>
        ) : (
          data.packages.map((p) => (
            <div key={p.purchase_id} className="agenda-package">
              <p>
                <strong>{p.package}</strong>:{' '}
                <span data-testid="package-balance">
                  {p.remaining} de {p.total}
                </span>{' '}
                sessões de {p.procedure}
              </p>
              <ul>
                {p.movements.map((m, i) => (
                  <li key={i}>
                    {formatDay(localDate(m.occurred_at))} — {MOVEMENT_LABELS[m.kind] ?? m.kind}{' '}
                    {m.sessions > 0 ? `+${m.sessions}` : m.sessions}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
      <section aria-label="Histórico de atendimentos">
        <h3>Histórico</h3>
        {past.length === 0 ? <p className="muted">Nenhum atendimento anterior.</p> : <Visits list={past} />}
      </section>
    </article>
  );
}

function Visits({ list }: { list: Visit[] }) {
  return (
    <table className="list">
      <thead>
        <tr>
          <th>Data</th>
          <th>Hora</th>
          <th>Procedimento</th>
          <th>Profissional</th>
          <th>Situação</th>
        </tr>
      </thead>
      <tbody>
        {list.map((a) => (
          <tr key={a.external_id}>
            <td>{formatDay(localDate(a.start))}</td>
            <td>{localHm(a.start)}</td>
            <td>
              {a.procedure}
              {a.covered_by_package ? ' (sessão do pacote)' : ''}
            </td>
            <td>{a.professional}</td>
            <td>
              {STATUS_LABELS[a.status]}
              {a.status === 'cancelado' && a.cancel_reason ? ` — ${a.cancel_reason}` : ''}
              {a.sale_id ? ' · cobrado' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
