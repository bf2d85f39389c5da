import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { localHm } from './agenda-time';
import { STATUS_LABELS } from './labels';

type Data = OpOutput<'agenda.customer'>;

/** A patient's session packages (balance and movements) and appointments, newest first. */
export function PatientAgenda({ customerId, compact }: { customerId: string; compact?: boolean }) {
  const [data, setData] = useState<Data | null>(null);
  useEffect(() => {
    void call('agenda.customer', { customer_id: customerId }).then(setData, () => setData(null));
  }, [customerId]);
  if (!data) return null;
  return (
    <section className="agenda-patient" aria-label="Agenda do paciente">
      {data.packages.length > 0 && (
        <ul className="agenda-packages">
          {data.packages.map((p) => (
            <li key={p.purchase_id}>
              <strong>{p.package}</strong>: {p.remaining} de {p.total} sessões de {p.procedure}
            </li>
          ))}
        </ul>
      )}
      {!compact && (
        <ul className="agenda-history">
          {data.appointments.slice(0, 8).map((a) => (
            <li key={a.external_id}>
              {a.start.slice(8, 10)}/{a.start.slice(5, 7)} {localHm(a.start)} — {a.procedure} com {a.professional} —{' '}
              {STATUS_LABELS[a.status]}
              {a.covered_by_package ? ' (sessão do pacote)' : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
