import type { Context } from '../contract/context';
import { upsertProduct } from '../catalog/catalog.service';
import { upsertProductSchema } from '../catalog/catalog.schemas';
import { upsertProfessional, upsertResource } from './professional.service';
import { upsertProfessionalSchema } from './scheduling.schemas';

/** The seed's eight procedures (issue 11): external id, name, minutes, price in centavos. */
export const DEMO_PROCEDURES: readonly { external_id: string; name: string; minutes: number; price_cents: number }[] = [
  { external_id: 'PROC-BOTOX', name: 'Botox', minutes: 30, price_cents: 80_000 },
  { external_id: 'PROC-PREENCH-LABIAL', name: 'Preenchimento Labial', minutes: 45, price_cents: 120_000 },
  { external_id: 'PROC-HARMONIZACAO', name: 'Harmonização Facial', minutes: 90, price_cents: 250_000 },
  { external_id: 'PROC-PEELING', name: 'Peeling Químico', minutes: 60, price_cents: 50_000 },
  { external_id: 'PROC-LIMPEZA', name: 'Limpeza de Pele', minutes: 60, price_cents: 15_000 },
  { external_id: 'PROC-MICROAGULHAMENTO', name: 'Microagulhamento', minutes: 45, price_cents: 40_000 },
  { external_id: 'PROC-SKINBOOSTER', name: 'Skinbooster', minutes: 30, price_cents: 80_000 },
  { external_id: 'PROC-LIPO-PAPADA', name: 'Lipo de Papada', minutes: 120, price_cents: 300_000 },
];

const WEEK = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: '09:00', end: '12:00' },
  { weekday, start: '13:00', end: '18:00' },
]);

/**
 * "Dados de exemplo" for a new clinic: the eight procedures (10 minutes of buffer; Lipo de
 * Papada needs the surgery room), a package of 5 × Limpeza de Pele (R$ 600,00), the room, and
 * two professionals working Monday to Friday 09:00–12:00 and 13:00–18:00. Idempotent.
 */
export function loadDemoAgenda(ctx: Context): { procedures: number; professionals: number } {
  upsertResource(ctx, { external_id: 'SALA-CIRURGICA', name: 'Sala de procedimentos' });
  for (const p of DEMO_PROCEDURES) {
    upsertProduct(
      ctx,
      upsertProductSchema.parse({
        external_id: p.external_id,
        name: p.name,
        category: 'Procedimentos',
        kind: 'service',
        unit_price: p.price_cents,
        duration_minutes: p.minutes,
        buffer_minutes: 10,
        resources: p.external_id === 'PROC-LIPO-PAPADA' ? ['SALA-CIRURGICA'] : [],
      }),
    );
  }
  upsertProduct(
    ctx,
    upsertProductSchema.parse({
      external_id: 'PCT-LIMPEZA-5',
      name: 'Pacote 5 × Limpeza de Pele',
      category: 'Pacotes',
      kind: 'package',
      unit_price: 60_000,
      package_procedure_external_id: 'PROC-LIMPEZA',
      sessions: 5,
    }),
  );
  const all = DEMO_PROCEDURES.map((p) => p.external_id);
  upsertProfessional(
    ctx,
    upsertProfessionalSchema.parse({
      external_id: 'PROF-ANA',
      name: 'Dra. Ana Lima',
      procedures: all,
      working_hours: WEEK,
    }),
  );
  upsertProfessional(
    ctx,
    upsertProfessionalSchema.parse({
      external_id: 'PROF-JOAO',
      name: 'Dr. João Reis',
      procedures: all.filter((id) => id !== 'PROC-LIPO-PAPADA'),
      working_hours: WEEK,
    }),
  );
  return { procedures: DEMO_PROCEDURES.length, professionals: 2 };
}
