import { useEffect, useState } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { CheckField } from './CheckField';

type Resource = OpOutput<'agenda.resources'>[number];

/** A service's agenda fields as typed (issue 11): duration, buffer after it, resources it holds. */
export interface ProcedureValues {
  duration: string;
  buffer: string;
  /** External ids of the resources (rooms, equipment) the procedure needs. */
  resources: string[];
  /** The stored buffer and resources were read: only then are they sent (never wiped by a failed read). */
  loaded: boolean;
}

export function initialProcedure(durationMinutes: number | null | undefined): ProcedureValues {
  return { duration: durationMinutes ? String(durationMinutes) : '', buffer: '0', resources: [], loaded: false };
}

/**
 * The fields of `catalog.upsertProduct` for a procedure, or a pt-BR message: duration 1–1440
 * minutes (empty = not bookable in the agenda), buffer 0–1440, and the resources when loaded.
 */
export function procedurePayload(
  v: ProcedureValues,
):
  | { duration_minutes: number | null; buffer_minutes?: number; resources?: string[] }
  | { error: string; field: 'duration_minutes' | 'buffer_minutes' } {
  const duration = v.duration.trim() === '' ? null : Number(v.duration);
  if (duration !== null && !(Number.isInteger(duration) && duration >= 1 && duration <= 1440))
    return { error: 'Duração: minutos inteiros de 1 a 1440.', field: 'duration_minutes' };
  const buffer = v.buffer.trim() === '' ? 0 : Number(v.buffer);
  if (!(Number.isInteger(buffer) && buffer >= 0 && buffer <= 1440))
    return { error: 'Intervalo: minutos inteiros de 0 a 1440.', field: 'buffer_minutes' };
  return v.loaded
    ? { duration_minutes: duration, buffer_minutes: buffer, resources: v.resources }
    : { duration_minutes: duration };
}

interface ProcedureFieldsProps {
  productExternalId: string | null;
  value: ProcedureValues;
  onChange: (v: ProcedureValues) => void;
  errors: { duration?: string | undefined; buffer?: string | undefined };
}

/**
 * Duration, the buffer held after each booking (cleaning, preparation) and the resources a
 * procedure needs, for the agenda's booking rule. The stored buffer and resources come from
 * `agenda.procedures` (catalog.get does not carry them).
 */
export function ProcedureFields({ productExternalId, value, onChange, errors }: ProcedureFieldsProps) {
  const [resources, setResources] = useState<Resource[]>([]);
  useEffect(() => {
    let live = true;
    void Promise.all([call('agenda.resources', {}), call('agenda.procedures', {})])
      .then(([all, procedures]) => {
        if (!live) return;
        setResources(all.filter((r) => r.active));
        const stored = productExternalId ? procedures.find((p) => p.external_id === productExternalId) : undefined;
        const external = new Map(all.map((r) => [r.id, r.external_id]));
        onChange({
          ...value,
          buffer: stored ? String(stored.buffer_minutes) : value.buffer,
          resources: stored ? stored.resource_ids.flatMap((id) => external.get(id) ?? []) : value.resources,
          loaded: true,
        });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // Read once per product; later edits are the user's.
  }, [productExternalId]);

  const toggle = (externalId: string, on: boolean) =>
    onChange({
      ...value,
      resources: on ? [...value.resources, externalId] : value.resources.filter((r) => r !== externalId),
    });

  return (
    <fieldset className="cfg-plain" aria-label="Agenda do procedimento">
      <div className="cfg-grid">
        <Field
          label="Duração (minutos)"
          inputMode="numeric"
          name="duration_minutes"
          value={value.duration}
          onChange={(e) => onChange({ ...value, duration: e.target.value })}
          error={errors.duration}
        />
        <Field
          label="Intervalo após o atendimento (minutos)"
          inputMode="numeric"
          name="buffer_minutes"
          value={value.buffer}
          onChange={(e) => onChange({ ...value, buffer: e.target.value })}
          error={errors.buffer}
        />
      </div>
      {resources.length > 0 && (
        <div role="group" aria-label="Recursos necessários">
          <span>Recursos necessários (salas, equipamentos)</span>
          {resources.map((r) => (
            <CheckField
              key={r.id}
              label={r.name}
              checked={value.resources.includes(r.external_id)}
              onChange={(on) => toggle(r.external_id, on)}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}
