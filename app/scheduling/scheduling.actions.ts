import type { Context } from '../contract/context';
import { bookAppointment, updateAppointment } from './appointment.service';
import { addBlock, addScheduleException, upsertProfessional, upsertResource } from './professional.service';
import {
  addBlockSchema,
  bookAppointmentSchema,
  scheduleExceptionSchema,
  updateAppointmentSchema,
  upsertProfessionalSchema,
  upsertResourceSchema,
} from './scheduling.schemas';

type Outcome = { id: string; created?: boolean; duplicate?: boolean };

/**
 * The agenda's actions of the unified interface (`sales.apply`, `cli apply`), each with its
 * schema; apply.ops.ts spreads them into its ACTIONS. A refused line changes nothing.
 */
export const schedulingActions = {
  upsert_professional: { schema: upsertProfessionalSchema, run: upsertProfessional },
  upsert_resource: { schema: upsertResourceSchema, run: upsertResource },
  add_schedule_exception: { schema: scheduleExceptionSchema, run: addScheduleException },
  add_block: { schema: addBlockSchema, run: addBlock },
  book_appointment: {
    schema: bookAppointmentSchema,
    run: (ctx: Context, input: Parameters<typeof bookAppointment>[1]): Outcome => {
      const a = bookAppointment(ctx, input);
      return { id: a.id, created: !a.duplicate, duplicate: a.duplicate === true };
    },
  },
  update_appointment: {
    schema: updateAppointmentSchema,
    run: (ctx: Context, input: Parameters<typeof updateAppointment>[1]): Outcome => ({
      id: updateAppointment(ctx, input).id,
    }),
  },
};
