import { z } from 'zod';
import { op } from '../contract/define';
import { identifier } from '../contract/schemas';
import { getCustomerAgenda } from './customer-agenda';
import { exceptionsAndBlocks, procedureList, professionalsView, resourceList } from './agenda.reads';
import { appointmentHistory, listAgenda } from './appointment.view';
import { bookAppointment, updateAppointment } from './appointment.service';
import { checkoutAppointment } from './checkout.service';
import { listConflicts } from './conflicts';
import { loadDemoAgenda } from './demo';
import {
  addBlock,
  addScheduleException,
  removeBlock,
  removeScheduleException,
  upsertProfessional,
  upsertResource,
} from './professional.service';
import { listReminders, markReminderSent, setReminderTemplate } from './reminders';
import {
  addBlockSchema,
  agendaListSchema,
  appointmentRefSchema,
  bookAppointmentSchema,
  checkoutSchema,
  customerAgendaSchema,
  reminderTemplateSchema,
  remindersSchema,
  scheduleExceptionSchema,
  slotsSchema,
  updateAppointmentSchema,
  upsertProfessionalSchema,
  upsertResourceSchema,
} from './scheduling.schemas';
import { freeSlots } from './slots';

const none = z.object({});
const idInput = z.object({ id: identifier() });

/** The clinic agenda (issue 11): `agenda.view` reads, `agenda.book` books and moves, `agenda.manage` sets hours. */
export const schedulingOps = {
  'agenda.list': op({ input: agendaListSchema, permission: 'agenda.view', readonly: true, handler: listAgenda }),
  'agenda.slots': op({ input: slotsSchema, permission: 'agenda.view', readonly: true, handler: freeSlots }),
  'agenda.conflicts': op({
    input: none,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx) => listConflicts(ctx),
  }),
  'agenda.history': op({
    input: appointmentRefSchema,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx, input) => appointmentHistory(ctx, input.external_id),
  }),
  'agenda.professionals': op({
    input: none,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx) => professionalsView(ctx),
  }),
  'agenda.procedures': op({
    input: none,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx) => procedureList(ctx),
  }),
  'agenda.resources': op({
    input: none,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx) => resourceList(ctx),
  }),
  'agenda.exceptions': op({
    input: none,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx) => exceptionsAndBlocks(ctx),
  }),
  'agenda.customer': op({
    input: customerAgendaSchema,
    permission: 'agenda.view',
    readonly: true,
    handler: (ctx, input) => getCustomerAgenda(ctx, input.customer_id),
  }),
  'agenda.book': op({ input: bookAppointmentSchema, permission: 'agenda.book', handler: bookAppointment }),
  'agenda.update': op({ input: updateAppointmentSchema, permission: 'agenda.book', handler: updateAppointment }),
  'agenda.checkout': op({ input: checkoutSchema, permission: 'sales.register', handler: checkoutAppointment }),
  'agenda.reminders': op({
    input: remindersSchema,
    permission: 'agenda.book',
    readonly: true,
    handler: (ctx, input) => listReminders(ctx, input.date),
  }),
  'agenda.mark_reminder_sent': op({
    input: appointmentRefSchema,
    permission: 'agenda.book',
    handler: (ctx, input) => markReminderSent(ctx, input.external_id),
  }),
  'agenda.set_reminder_template': op({
    input: reminderTemplateSchema,
    permission: 'agenda.manage',
    handler: (ctx, input) => setReminderTemplate(ctx, input.template),
  }),
  'agenda.upsert_professional': op({
    input: upsertProfessionalSchema,
    permission: 'agenda.manage',
    handler: upsertProfessional,
  }),
  'agenda.upsert_resource': op({ input: upsertResourceSchema, permission: 'agenda.manage', handler: upsertResource }),
  'agenda.add_exception': op({
    input: scheduleExceptionSchema,
    permission: 'agenda.manage',
    handler: addScheduleException,
  }),
  'agenda.remove_exception': op({
    input: idInput,
    permission: 'agenda.manage',
    handler: (ctx, input) => removeScheduleException(ctx, input.id),
  }),
  'agenda.add_block': op({ input: addBlockSchema, permission: 'agenda.manage', handler: addBlock }),
  'agenda.remove_block': op({
    input: idInput,
    permission: 'agenda.manage',
    handler: (ctx, input) => removeBlock(ctx, input.id),
  }),
  'agenda.demo': op({ input: none, permission: 'agenda.manage', handler: (ctx) => loadDemoAgenda(ctx) }),
};
