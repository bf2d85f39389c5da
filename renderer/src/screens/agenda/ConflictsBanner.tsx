import type { OpOutput } from '../../../../app/contract/operations';
import { localHm } from './agenda-time';

type Pair = OpOutput<'agenda.conflicts'>[number];

/** Overlapping bookings (two desktops booked the same slot offline): for the receptionist to resolve. */
export function ConflictsBanner({ pairs }: { pairs: Pair[] }) {
  if (pairs.length === 0) return null;
  return (
    <div className="agenda-conflicts" role="alert">
      <strong>
        {pairs.length === 1 ? 'Há 1 conflito na agenda' : `Há ${pairs.length} conflitos na agenda`} — remarque ou
        cancele um dos agendamentos:
      </strong>
      <ul>
        {pairs.slice(0, 5).map((p) => (
          <li key={`${p.a.external_id}-${p.b.external_id}`}>
            {p.a.start.slice(8, 10)}/{p.a.start.slice(5, 7)} {localHm(p.a.start)} {p.a.patient} ({p.a.professional}) ×{' '}
            {localHm(p.b.start)} {p.b.patient} ({p.b.professional}){p.shared === 'resource' ? ' — mesmo recurso' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
