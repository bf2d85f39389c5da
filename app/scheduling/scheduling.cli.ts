import type { CliCommand } from '../cli/command';
import { printResult } from '../cli/commands';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * `agenda --date D [--professional X]`: the day's appointments (external_id, professional and
 * patient external ids, procedure, start, end, status); `slots --procedure X [--professional Y]
 * --from D --to D`: `[{ professional_external_id, start }]`, start with the store's offset.
 */
export const schedulingCommands: Record<string, CliCommand> = {
  agenda: {
    summary: 'Agenda de um dia: agenda --date AAAA-MM-DD [--professional X]',
    options: { date: { type: 'string' }, professional: { type: 'string' } },
    run: (app, session, v, io) => {
      const result = app.dispatch(
        'agenda.list',
        { from: str(v.date), professional_external_id: str(v.professional) },
        session,
      );
      if (!result.ok) return printResult(io, result);
      const rows = result.value.map((a) => ({
        external_id: a.external_id,
        professional_external_id: a.professional_external_id,
        customer_external_id: a.customer_external_id,
        procedure: a.procedure,
        procedure_external_id: a.procedure_external_id,
        start: a.start,
        end: a.end,
        status: a.status,
      }));
      if (io.json) {
        io.out(JSON.stringify(rows));
        return 0;
      }
      for (const r of rows) {
        io.out(
          `${r.start.slice(11, 16)}–${r.end.slice(11, 16)}  ${r.professional_external_id}  ${r.customer_external_id ?? '-'}  ${r.procedure}  ${r.status}  (${r.external_id})`,
        );
      }
      if (rows.length === 0) io.out('Nenhum agendamento nesse dia.');
      return 0;
    },
  },
  slots: {
    summary: 'Horários livres: slots --procedure X [--professional Y] --from AAAA-MM-DD --to AAAA-MM-DD',
    options: {
      procedure: { type: 'string' },
      professional: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    run: (app, session, v, io) => {
      const result = app.dispatch(
        'agenda.slots',
        {
          procedure_external_id: str(v.procedure),
          professional_external_id: str(v.professional),
          from: str(v.from),
          to: str(v.to) ?? str(v.from),
        },
        session,
      );
      if (!result.ok) return printResult(io, result);
      const rows = result.value.map((s) => ({ professional_external_id: s.professional_external_id, start: s.start }));
      if (io.json) {
        io.out(JSON.stringify(rows));
        return 0;
      }
      for (const r of rows) io.out(`${r.start}  ${r.professional_external_id}`);
      if (rows.length === 0) io.out('Nenhum horário livre nesse período.');
      return 0;
    },
  },
};
