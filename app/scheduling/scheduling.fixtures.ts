import { openBalcao, type Balcao } from '../balcao';
import { newSession, type Clock, type Session } from '../contract/context';
import { expectOk, tempDbPath } from '../../test/helpers';

/** Test support: a clinic in `zone` with two procedures, a room, two professionals and two patients. */
export interface Clinic {
  app: Balcao;
  cli: Session;
  clock: Clock & { set(iso: string): void };
  apply(action: string, data: Record<string, unknown>): ReturnType<Balcao['dispatch']>;
  applyOk(action: string, data: Record<string, unknown>): unknown;
}

export async function openClinic(zone = 'America/Sao_Paulo', nowIso = '2026-12-01T12:00:00Z'): Promise<Clinic> {
  let now = new Date(nowIso);
  const clock = { now: () => new Date(now), set: (iso: string) => void (now = new Date(iso)) };
  const app = await openBalcao(tempDbPath(), { clock });
  const cli = newSession(true);
  const setup = app.dispatch(
    'store.setup',
    {
      store: { name: 'Clínica Bela', code: 'CL01', timezone: zone },
      owner: { name: 'Ana Dona', login: 'ana', pin: '1234' },
    },
    newSession(),
  );
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  const apply = (action: string, transaction_data: Record<string, unknown>) =>
    app.dispatch('sales.apply', { action, transaction_data }, cli);
  const applyOk = (action: string, data: Record<string, unknown>) => expectOk(apply(action, data));
  applyOk('upsert_resource', { external_id: 'LASER', name: 'Laser' });
  applyOk('upsert_product', {
    external_id: 'LIMPEZA',
    name: 'Limpeza de Pele',
    category: 'Procedimentos',
    kind: 'service',
    unit_price: 15_000,
    duration_minutes: 60,
    buffer_minutes: 15,
  });
  applyOk('upsert_product', {
    external_id: 'LASER-FACIAL',
    name: 'Laser Facial',
    category: 'Procedimentos',
    kind: 'service',
    unit_price: 40_000,
    duration_minutes: 30,
    resources: ['LASER'],
  });
  applyOk('upsert_product', {
    external_id: 'BOTOX',
    name: 'Botox',
    category: 'Procedimentos',
    kind: 'service',
    unit_price: 80_000,
    duration_minutes: 30,
  });
  const week = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '09:00', end: '12:00' },
    { weekday, start: '13:00', end: '18:00' },
  ]);
  applyOk('upsert_professional', {
    external_id: 'ANA',
    name: 'Dra. Ana',
    procedures: ['LIMPEZA', 'LASER-FACIAL'],
    working_hours: week,
  });
  applyOk('upsert_professional', {
    external_id: 'JOAO',
    name: 'Dr. João',
    procedures: ['LIMPEZA', 'LASER-FACIAL', 'BOTOX'],
    working_hours: week,
  });
  applyOk('update_customer_data', { external_id: 'P1', name: 'Maria Souza', phone: '(11) 98765-4321' });
  applyOk('update_customer_data', { external_id: 'P2', name: 'Paula Reis', phone: '11 91234-5678' });
  return { app, cli, clock, apply, applyOk };
}

/** A booking line for `book_appointment`. */
export function booking(external_id: string, start: string, extra: Record<string, unknown> = {}) {
  return {
    external_id,
    customer_external_id: 'P1',
    procedure_external_id: 'LIMPEZA',
    professional_external_id: 'ANA',
    start,
    ...extra,
  };
}
