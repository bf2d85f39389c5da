import { formatMoney } from '../../format';
import { dayBR, type CrediarioPlan } from './payments';

/**
 * The crediário's parcelas as quoted before the sale is finished (issue 17): due dates and
 * amounts, the interest and the total the customer will pay, and whether a manager must approve
 * (the customer's credit limit).
 */
export function CrediarioPlanView({ plan }: { plan: CrediarioPlan }) {
  return (
    <section className="crediario-plan" aria-label="Parcelas do crediário">
      <ol>
        {plan.installments.map((p) => (
          <li key={p.number}>
            {p.number}ª parcela — vence {dayBR(p.due_date)} — {formatMoney(p.amount_cents)}
          </li>
        ))}
      </ol>
      <p>
        Juros {formatMoney(plan.interest_cents)} · Total a pagar <strong>{formatMoney(plan.total_cents)}</strong>
      </p>
      {plan.needs_approval && (
        <p className="muted" role="status">
          Acima do limite de crédito do cliente: um gerente aprova ao finalizar.
        </p>
      )}
    </section>
  );
}
