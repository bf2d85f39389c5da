import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { normalizePhoneBR } from '../br/phone';
import { getSetting, putSetting } from '../settings/settings.queries';
import { updateRow } from '../sync/outbox';
import { assertOwnAgenda } from './agenda.access';
import { listAgenda } from './appointment.view';
import { findProfessionalById, requireAppointment } from './scheduling.queries';
import { addDays, msToLocal, storeZone } from './zone';
import { consentedIds } from '../lgpd/consent.service';
import { formatDateBR } from '../br/date-br';

export const TEMPLATE_KEY = 'agenda.reminder_template';
export const DEFAULT_TEMPLATE =
  'Olá, {nome}! Lembramos do seu horário de {procedimento} em {data} às {hora} com {profissional}. Podemos confirmar?';

/** The reminder template (setting `agenda.reminder_template`); placeholders {nome} {procedimento} {data} {hora} {profissional}. */
export function reminderTemplate(ctx: Context): string {
  return getSetting<string>(ctx.db, TEMPLATE_KEY) ?? DEFAULT_TEMPLATE;
}

export function setReminderTemplate(ctx: Context, template: string): { template: string } {
  putSetting(ctx.db, TEMPLATE_KEY, template, ctx.clock.now().toISOString());
  return { template };
}

/** Fills the template; `{nome}` is the patient's first name. Unknown placeholders stay as typed. */
export function reminderText(
  template: string,
  values: { nome: string; procedimento: string; data: string; hora: string; profissional: string },
): string {
  const firstName = values.nome.trim().split(/\s+/)[0] ?? values.nome;
  const map: Record<string, string> = { ...values, nome: firstName };
  return template.replace(/\{(nome|procedimento|data|hora|profissional)\}/g, (_, key: string) => map[key] ?? '');
}

/** `https://wa.me/55DDDNUMBER?text=…` for a Brazilian phone, or null when the phone is not one. */
export function whatsappLink(phone: string | null, message: string): string | null {
  if (!phone) return null;
  const parsed = normalizePhoneBR(phone);
  if (!parsed) return null;
  return `https://wa.me/${parsed.e164.slice(1)}?text=${encodeURIComponent(message)}`;
}

/**
 * The reminders of one local date (default: tomorrow in the store's zone): every `pendente` or
 * `confirmado` appointment, with the patient's phone, the filled text and the wa.me link.
 * Nothing is sent: the receptionist opens each link and marks it sent. Patients without an
 * active `lembretes` consent (LGPD, app/lgpd/) are left out and only counted
 * (`skipped_without_consent`).
 */
export function listReminders(ctx: Context, date?: string) {
  const zone = storeZone(ctx);
  const day = date ?? addDays(msToLocal(ctx.clock.now().getTime(), zone).date, 1);
  const template = reminderTemplate(ctx);
  const open = listAgenda(ctx, { from: day }).filter((a) => a.status === 'pendente' || a.status === 'confirmado');
  const consented = consentedIds(ctx.db, 'lembretes').customers;
  const list = open.filter((a) => consented.has(a.customer_id));
  return {
    date: day,
    template,
    skipped_without_consent: open.length - list.length,
    reminders: list.map((a) => {
      const local = msToLocal(Date.parse(a.start), zone);
      const text = reminderText(template, {
        nome: a.patient,
        procedimento: a.procedure,
        data: formatDateBR(local.date),
        hora: a.start.slice(11, 16),
        profissional: a.professional,
      });
      return {
        external_id: a.external_id,
        patient: a.patient,
        phone: a.phone,
        procedure: a.procedure,
        professional: a.professional,
        start: a.start,
        text,
        link: whatsappLink(a.phone, text),
        sent_at: a.reminder_sent_at,
      };
    }),
  };
}

/** Marks an appointment's reminder as sent (now). */
export function markReminderSent(ctx: Context, externalId: string): { external_id: string; sent_at: string } {
  const row = requireAppointment(ctx, externalId);
  const pro = findProfessionalById(ctx.db, row.professional_id);
  if (pro) assertOwnAgenda(ctx, pro);
  if (row.status !== 'pendente' && row.status !== 'confirmado') {
    throw new AppError(
      'invalid_transition',
      `Reminder for ${row.status} appointment`,
      'Este agendamento não está mais em aberto.',
    );
  }
  const at = ctx.clock.now().toISOString();
  updateRow(ctx, 'appointments', row.id, { reminder_sent_at: at });
  return { external_id: externalId, sent_at: at };
}
