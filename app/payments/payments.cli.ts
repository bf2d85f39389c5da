import type { CliCommand } from '../cli/command';
import { printResult } from '../cli/commands';
import { formatBRL } from '../money/money';
import { isIsoDate } from './dates';
import { writeFileDurably } from '../files/durable';

/**
 * `receivables`: the open crediário parcelas, `[{ sale_external_id, customer_external_id,
 * installment_number, due_date, amount, paid, days_late, charges }]` (centavos) with `--json`,
 * a table otherwise. `carne`: writes a sale's carnê PDF. `expire-charges`: expires unpaid
 * charges past the store's limit.
 */
export const paymentCommands: Record<string, CliCommand> = {
  receivables: {
    summary: 'Parcelas do crediário em aberto: receivables [--customer X] [--overdue] [--as-of AAAA-MM-DD] --json',
    options: { customer: { type: 'string' }, overdue: { type: 'boolean' }, 'as-of': { type: 'string' } },
    run: (app, session, v, io) => {
      const asOf = typeof v['as-of'] === 'string' ? v['as-of'] : undefined;
      if (asOf !== undefined && !isIsoDate(asOf)) {
        io.err('Data inválida em --as-of (use AAAA-MM-DD).');
        return 2;
      }
      const result = app.dispatch(
        'payments.receivables',
        {
          ...(typeof v.customer === 'string' ? { customer: v.customer } : {}),
          overdue: v.overdue === true,
          ...(asOf ? { as_of: asOf } : {}),
          limit: 10_000,
        },
        session,
      );
      if (!result.ok) return printResult(io, result);
      const rows = result.value.installments.map((i) => ({
        sale_external_id: i.sale_external_id,
        customer_external_id: i.customer_external_id,
        installment_number: i.installment_number,
        due_date: i.due_date,
        amount: i.amount,
        paid: i.paid,
        days_late: i.days_late,
        charges: i.charges,
      }));
      if (io.json) {
        io.out(JSON.stringify(rows));
        return 0;
      }
      for (const r of rows) {
        io.out(
          `${r.due_date}  ${r.sale_external_id}  parcela ${r.installment_number}  ${formatBRL(r.amount)}` +
            (r.days_late > 0 ? `  ${r.days_late} dias de atraso, encargos ${formatBRL(r.charges)}` : ''),
        );
      }
      io.out(`${rows.length} parcela(s) em aberto em ${result.value.as_of}`);
      return 0;
    },
  },
  carne: {
    summary: 'Grava o carnê (PDF) de uma venda no crediário: carne --sale EXTERNAL_ID --out carne.pdf',
    options: { sale: { type: 'string' }, out: { type: 'string' } },
    run: (app, session, v, io) => {
      if (typeof v.sale !== 'string' || typeof v.out !== 'string') {
        io.err('Informe --sale e --out.');
        return 2;
      }
      const result = app.dispatch('payments.carne', { sale_external_id: v.sale }, session);
      if (!result.ok) return printResult(io, result);
      // Whole or not at all under the chosen name, also if the command is killed meanwhile.
      writeFileDurably(v.out, Buffer.from(result.value.pdf_base64, 'base64'));
      io.out(io.json ? JSON.stringify({ ok: true, file: v.out }) : `Carnê gravado em ${v.out}`);
      return 0;
    },
  },
  'expire-charges': {
    summary: 'Expira cobranças (boleto/PIX) não pagas no prazo da loja',
    options: {},
    run: (app, session, _v, io) => printResult(io, app.dispatch('payments.expire_charges', {}, session)),
  },
};
