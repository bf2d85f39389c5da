import type { z } from 'zod';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { registerSale } from '../sales/sale.service';
import { registerSaleSchema } from '../sales/sale.schemas';
import { updateRow } from '../sync/outbox';
import { assertOwnAgenda } from './agenda.access';
import { appointmentView } from './appointment.view';
import { findProcedureById, findProfessionalById, requireAppointment } from './scheduling.queries';
import type { checkoutSchema } from './scheduling.schemas';

/**
 * Checks out a `realizado` appointment in one step: a PDV sale of its procedure at its price,
 * the professional as salesperson (so commission rules apply), the patient as customer, paid in
 * full by `method`, into this register's open caixa (the CLI records it outside any caixa). The
 * appointment links to the sale; a second checkout is `already_checked_out`; an appointment a
 * package session paid is `covered_by_package`; one not yet realizado is `not_realized`.
 */
export function checkoutAppointment(ctx: Context, input: z.output<typeof checkoutSchema>) {
  const row = requireAppointment(ctx, input.external_id);
  const professional = findProfessionalById(ctx.db, row.professional_id);
  const procedure = findProcedureById(ctx.db, row.product_id);
  if (!professional || !procedure) throw new Error(`appointment ${row.id} references missing rows`);
  assertOwnAgenda(ctx, professional);
  if (row.sale_id) {
    throw new AppError(
      'already_checked_out',
      `Appointment ${row.external_id} already has sale ${row.sale_id}`,
      'Este atendimento já foi fechado no caixa.',
      {
        sale_id: row.sale_id,
      },
    );
  }
  if (row.package_purchase_id) {
    throw new AppError(
      'covered_by_package',
      `Appointment ${row.external_id} used a package session`,
      'Este atendimento foi pago com uma sessão do pacote do paciente.',
    );
  }
  if (row.status !== 'realizado') {
    throw new AppError(
      'not_realized',
      `Appointment ${row.external_id} is ${row.status}`,
      'Só atendimentos realizados podem ser fechados no caixa.',
      {
        status: row.status,
      },
    );
  }
  const sale = registerSale(
    ctx,
    registerSaleSchema.parse({
      external_id: `AG-${row.id}`,
      customer_id: row.customer_id,
      salesperson_external_id: professional.salesperson_external_id,
      channel: 'AGENDA',
      items: [{ variant_external_id: procedure.sku, qty: 1 }],
      payments: [{ method: input.method, amount: procedure.price_cents }],
      notes: `Agendamento ${row.external_id}`,
    }),
    { counter: !ctx.session.system },
  );
  updateRow(ctx, 'appointments', row.id, { sale_id: sale.sale_id });
  return { sale, appointment: appointmentView(ctx, requireAppointment(ctx, row.external_id)) };
}
