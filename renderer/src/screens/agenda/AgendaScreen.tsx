import { useCallback, useEffect, useState } from 'react';
import { roleHas } from '../../../../app/auth/roles';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, invoke } from '../../api';
import { useSession } from '../../session-store';
import { addDays, formatDay, isoAt, nowIn, weekday } from './agenda-time';
import { AgendaGrid } from './AgendaGrid';
import { AppointmentDialog } from './AppointmentDialog';
import { BookDialog } from './BookDialog';
import { ConflictsBanner } from './ConflictsBanner';
import type { Appointment, Column, Procedure, Professional } from './labels';
import { PatientsPanel } from './PatientDetail';
import { RemindersPanel } from './RemindersPanel';
import './agenda.css';

type View = 'dia' | 'semana' | 'lembretes' | 'pacientes';
const VIEW_LABELS: Record<View, string> = {
  dia: 'Dia',
  semana: 'Semana',
  lembretes: 'Lembretes',
  pacientes: 'Pacientes',
};

/**
 * The clinic agenda (issue 11): a day with a column per professional, a week of one
 * professional, reminders. Booking, moving and the status actions go through `agenda.*`; every
 * refusal's pt-BR reason is shown in the live region above the grid.
 */
export function AgendaScreen() {
  const role = useSession((s) => s.status?.user?.role);
  const [zone, setZone] = useState('America/Sao_Paulo');
  const [today, setToday] = useState(() => nowIn('America/Sao_Paulo'));
  const [date, setDate] = useState(today.date);
  const [view, setView] = useState<View>('dia');
  const [professionals, setProfessionals] = useState<Professional[]>([]);
  const [procedures, setProcedures] = useState<Procedure[]>([]);
  const [who, setWho] = useState('');
  const [appointments, setAppointments] = useState<Appointment[]>([]);
  const [conflicts, setConflicts] = useState<OpOutput<'agenda.conflicts'>>([]);
  const [booking, setBooking] = useState<{ column: Column; hm: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([
      call('agenda.exceptions', {}),
      call('agenda.professionals', {}),
      call('agenda.procedures', {}),
    ]).then(([ex, pros, procs]) => {
      setZone(ex.timezone);
      const now = nowIn(ex.timezone);
      setToday(now);
      setDate(now.date);
      setProfessionals(pros);
      setProcedures(procs);
      setWho((w) => w || (pros[0]?.external_id ?? ''));
    });
    const timer = setInterval(() => setToday(nowIn(zone)), 60_000);
    return () => clearInterval(timer);
  }, []);

  const monday = addDays(date, 1 - weekday(date));
  const from = view === 'semana' ? monday : date;
  const to = view === 'semana' ? addDays(monday, 6) : date;
  const load = useCallback(async () => {
    const [list, pairs] = await Promise.all([call('agenda.list', { from, to }), call('agenda.conflicts', {})]);
    setAppointments(list);
    setConflicts(pairs);
  }, [from, to]);
  useEffect(() => {
    void load();
  }, [load]);

  const columns: Column[] =
    view === 'semana'
      ? Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((d) => ({
          key: d,
          label: formatDay(d),
          professional: who,
          date: d,
        }))
      : professionals.map((p) => ({ key: p.external_id, label: p.name, professional: p.external_id, date }));

  async function move(a: Appointment, column: Column, hm: string) {
    const r = await invoke('agenda.update', {
      external_id: a.external_id,
      start: isoAt(zone, column.date, hm),
      professional_external_id: column.professional,
    });
    setNotice(
      r.ok
        ? `${a.patient} remarcado(a) para ${formatDay(column.date)} às ${hm}.`
        : `Não foi possível mover: ${r.error.message}`,
    );
    await load();
    document.querySelector<HTMLElement>(`[data-appointment="${a.external_id}"]`)?.focus();
  }

  const open = appointments.find((a) => a.external_id === openId) ?? null;
  const step = view === 'semana' ? 7 : 1;
  return (
    <div className="agenda">
      <div className="agenda-toolbar">
        <button type="button" onClick={() => setDate(addDays(date, -step))} aria-label="Anterior">
          ◀
        </button>
        <button type="button" onClick={() => setDate(today.date)}>
          Hoje
        </button>
        <button type="button" onClick={() => setDate(addDays(date, step))} aria-label="Próximo">
          ▶
        </button>
        <input type="date" value={date} aria-label="Data" onChange={(e) => e.target.value && setDate(e.target.value)} />
        <strong>{view === 'semana' ? `Semana de ${formatDay(monday)}` : formatDay(date)}</strong>
        <div role="group" aria-label="Visão" className="agenda-views">
          {(['dia', 'semana', 'lembretes', 'pacientes'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
              {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
        {view === 'semana' && (
          <select value={who} aria-label="Profissional" onChange={(e) => setWho(e.target.value)}>
            {professionals.map((p) => (
              <option key={p.external_id} value={p.external_id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <ConflictsBanner pairs={conflicts} />
      <p className="agenda-notice" role="status" aria-live="polite">
        {notice}
      </p>
      {view === 'pacientes' ? (
        <PatientsPanel />
      ) : view === 'lembretes' ? (
        <RemindersPanel canEditTemplate={!!role && roleHas(role, 'agenda.manage')} />
      ) : professionals.length === 0 ? (
        <p className="muted">
          Nenhum profissional cadastrado. Cadastre em Configurações → Agenda (ou carregue os dados de exemplo).
        </p>
      ) : (
        <AgendaGrid
          columns={columns}
          appointments={appointments}
          today={today}
          onEmpty={(column, hm) => role && roleHas(role, 'agenda.book') && setBooking({ column, hm })}
          onOpen={(a) => setOpenId(a.external_id)}
          onMove={(a, column, hm) => void move(a, column, hm)}
        />
      )}
      {booking && (
        <BookDialog
          zone={zone}
          date={booking.column.date}
          hm={booking.hm}
          professional={booking.column.professional}
          professionals={professionals}
          procedures={procedures}
          onClose={() => setBooking(null)}
          onBooked={() => {
            setBooking(null);
            setNotice('Agendamento feito.');
            void load();
          }}
        />
      )}
      {open && (
        <AppointmentDialog
          key={`${open.external_id}-${open.status}`}
          appointment={open}
          canCheckout={!!role && roleHas(role, 'sales.register')}
          onChanged={() => void load()}
          onClose={() => setOpenId(null)}
        />
      )}
    </div>
  );
}
