import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { DAY_START, ROWS, STEP, localDate, localHm, toHm, toMinutes } from './agenda-time';
import { STATUS_LABELS, type Appointment, type Column } from './labels';

interface AgendaGridProps {
  columns: Column[];
  appointments: Appointment[];
  today: { date: string; minute: number };
  onEmpty: (column: Column, hm: string) => void;
  onOpen: (appointment: Appointment) => void;
  /** Move to a column and time; answers the refusal's pt-BR reason, or null when moved. */
  onMove: (appointment: Appointment, column: Column, hm: string) => void;
}

const rowOf = (hm: string) => Math.floor((toMinutes(hm) - DAY_START) / STEP);

/**
 * The agenda grid: a column per professional (day) or per day (week), 15-minute rows from 07:00
 * to 21:00. Keyboard first: arrows move between empty slots, Enter books the focused slot or
 * opens the focused booking, Alt+↑/↓ moves a booking 15 minutes, Alt+←/→ to the next column.
 * Bookings can also be dragged onto a slot. Today's column shows a line at the current time.
 */
export function AgendaGrid({ columns, appointments, today, onEmpty, onOpen, onMove }: AgendaGridProps) {
  const [active, setActive] = useState({ col: 0, row: 0 });

  function focusCell(col: number, row: number) {
    const c = Math.max(0, Math.min(columns.length - 1, col));
    const r = Math.max(0, Math.min(ROWS - 1, row));
    setActive({ col: c, row: r });
    document.querySelector<HTMLElement>(`[data-cell="${c}:${r}"]`)?.focus();
  }

  function onCellKey(e: KeyboardEvent, col: number, row: number) {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
    };
    const step = moves[e.key];
    if (step) {
      e.preventDefault();
      focusCell(col + step[0], row + step[1]);
    }
  }

  function onAppointmentKey(e: KeyboardEvent, a: Appointment, col: number) {
    if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(a);
      return;
    }
    if (!e.altKey) return;
    const column = columns[col + (e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0)];
    const delta = e.key === 'ArrowUp' ? -STEP : e.key === 'ArrowDown' ? STEP : 0;
    if (!column || (delta === 0 && column === columns[col])) return;
    e.preventDefault();
    onMove(a, column, toHm(toMinutes(localHm(a.start)) + delta));
  }

  function onDrop(e: DragEvent, column: Column, hm: string) {
    e.preventDefault();
    const id = e.dataTransfer.getData('text/plain');
    const a = appointments.find((x) => x.external_id === id);
    if (a) onMove(a, column, hm);
  }

  return (
    <div
      className="agenda-grid"
      style={{
        gridTemplateColumns: `4rem repeat(${columns.length}, minmax(9rem, 1fr))`,
        gridTemplateRows: `2rem repeat(${ROWS}, 1.15rem)`,
      }}
      role="grid"
      aria-label="Agenda"
    >
      {columns.map((c, i) => (
        <div key={c.key} className="agenda-head" style={{ gridColumn: i + 2, gridRow: 1 }} role="columnheader">
          {c.label}
        </div>
      ))}
      {Array.from({ length: ROWS }, (_, r) => (
        <div key={`t${r}`} className="agenda-time" style={{ gridColumn: 1, gridRow: r + 2 }}>
          {r % 4 === 0 ? toHm(DAY_START + r * STEP) : ''}
        </div>
      ))}
      {columns.map((c, ci) =>
        Array.from({ length: ROWS }, (_, r) => {
          const hm = toHm(DAY_START + r * STEP);
          return (
            <button
              key={`${c.key}-${r}`}
              type="button"
              className={`agenda-cell${r % 4 === 0 ? ' hour' : ''}`}
              style={{ gridColumn: ci + 2, gridRow: r + 2 }}
              data-cell={`${ci}:${r}`}
              tabIndex={active.col === ci && active.row === r ? 0 : -1}
              aria-label={`Livre? ${c.label} ${hm}`}
              onClick={() => onEmpty(c, hm)}
              onKeyDown={(e) => onCellKey(e, ci, r)}
              onFocus={() => setActive({ col: ci, row: r })}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, c, hm)}
            />
          );
        }),
      )}
      {columns.map((c, ci) =>
        appointments
          .filter((a) => a.professional_external_id === c.professional && localDate(a.start) === c.date)
          .filter((a) => a.status !== 'cancelado')
          .map((a) => {
            const start = Math.max(0, rowOf(localHm(a.start)));
            const end = Math.max(start + 1, Math.min(ROWS, Math.ceil((toMinutes(localHm(a.end)) - DAY_START) / STEP)));
            return (
              <div
                key={a.external_id}
                className={`agenda-appt status-${a.status}`}
                style={{ gridColumn: ci + 2, gridRow: `${start + 2} / ${end + 2}` }}
                role="button"
                tabIndex={0}
                draggable
                data-appointment={a.external_id}
                aria-label={`${localHm(a.start)}–${localHm(a.end)} ${a.patient}, ${a.procedure}, ${STATUS_LABELS[a.status]}`}
                onDragStart={(e) => e.dataTransfer.setData('text/plain', a.external_id)}
                onClick={() => onOpen(a)}
                onKeyDown={(e) => onAppointmentKey(e, a, ci)}
              >
                <strong>
                  {localHm(a.start)} {a.patient}
                </strong>
                <span>
                  {a.procedure} · {STATUS_LABELS[a.status]}
                </span>
              </div>
            );
          }),
      )}
      {columns.map((c, ci) =>
        c.date === today.date && today.minute >= 7 * 60 && today.minute < 21 * 60 ? (
          <div
            key={`now-${c.key}`}
            className="agenda-now"
            aria-hidden="true"
            style={{
              gridColumn: ci + 2,
              gridRow: rowOf(toHm(today.minute - (today.minute % STEP))) + 2,
              marginTop: `${((today.minute % STEP) / STEP) * 1.15}rem`,
            }}
          />
        ) : null,
      )}
    </div>
  );
}
