import { useEffect, useState, type FormEvent } from 'react';
import { roleHas } from '../../../../app/auth/roles';
import { useSession } from '../../session-store';
import type { OpOutput } from '../../../../app/contract/operations';
import { call, type ApiError } from '../../api';
import { errorOf, formLevelMessage } from '../../api-errors';
import { ApprovalFields } from '../../components/ApprovalFields';
import { centsToInput, formatMoney, METHOD_LABELS, parseMoney } from '../../format';

const DENOMINATIONS = ['20000', '10000', '5000', '2000', '1000', '500', '200', '100', '50', '25', '10', '5'] as const;
const OTHER = ['pix', 'cartao_debito', 'cartao_credito', 'boleto', 'credito_loja'] as const;
type Other = (typeof OTHER)[number];

interface CloseCashProps {
  summary: OpOutput<'cash.summary'>;
  onClosed: (c: OpOutput<'cash.close'>) => void;
}

const denomLabel = (d: string) => formatMoney(Number(d)).replace(/,00$/, '');

/**
 * The count by note and coin; above the store's tolerance a manager signs with login + PIN.
 * Whether a manager is needed follows the count as it is now: a corrected count within the
 * tolerance closes without one (same rule as cash.close: |counted − expected| > tolerance).
 */
export function CloseCash({ summary, onClosed }: CloseCashProps) {
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [other, setOther] = useState<Record<Other, string>>(
    () => Object.fromEntries(OTHER.map((m) => [m, centsToInput(summary.totals_by_method[m])])) as Record<Other, string>,
  );
  const [approval, setApproval] = useState<{ login: string; pin: string }>({ login: '', pin: '' });
  const [tolerance, setTolerance] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const role = useSession((s) => s.status?.user?.role ?? null);

  useEffect(() => {
    call('counter.settings', {})
      .then((r) => setTolerance(r.cash_max_difference_cents))
      .catch(() => setTolerance(null));
  }, []);

  const denominations = Object.fromEntries(
    DENOMINATIONS.map((d) => [d, Number(counts[d] || 0)]).filter(([, n]) => Number.isFinite(n) && n !== 0),
  ) as Record<string, number>;
  const counted = Object.entries(denominations).reduce((a, [d, n]) => a + Number(d) * n, 0);
  const difference = counted - summary.expected_cash_cents;
  // The server's answer counts too (rules changed elsewhere), until the count changes again.
  const [askedFor, setAskedFor] = useState<number | null>(null);
  const needsApproval =
    askedFor === counted ||
    (tolerance !== null && Math.abs(difference) > tolerance && !(role && roleHas(role, 'cash.approve')));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const counted_other: Partial<Record<Other, number>> = {};
    for (const m of OTHER) {
      const cents = other[m].trim() === '' ? null : parseMoney(other[m]);
      if (cents !== null) counted_other[m] = cents;
    }
    try {
      onClosed(await call('cash.close', { denominations, counted_other, ...(needsApproval ? { approval } : {}) }));
    } catch (err) {
      const apiError = errorOf(err);
      if (apiError.error.code === 'approval_required') setAskedFor(counted);
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const general = formLevelMessage(error);
  return (
    <form className="panel" onSubmit={(e) => void onSubmit(e)} aria-label="Fechar caixa">
      <h2>Fechar caixa</h2>
      <fieldset className="denominations">
        <legend>Dinheiro contado (quantidade de cédulas e moedas)</legend>
        {DENOMINATIONS.map((d) => (
          <label key={d} className="field">
            <span>{denomLabel(d)}</span>
            <input
              inputMode="numeric"
              value={counts[d] ?? ''}
              onChange={(e) => {
                setCounts({ ...counts, [d]: e.target.value.replace(/\D/g, '') });
                setError(null);
              }}
            />
            {error?.fieldMessage(`denominations.${d}`) && (
              <small className="field-error">{error.fieldMessage(`denominations.${d}`)}</small>
            )}
          </label>
        ))}
      </fieldset>
      <p>
        Contado: <strong data-testid="counted-cash">{formatMoney(counted)}</strong> · Esperado:{' '}
        {formatMoney(summary.expected_cash_cents)}
      </p>
      <fieldset className="denominations">
        <legend>Outras formas (conferido)</legend>
        {OTHER.map((m) => (
          <label key={m} className="field">
            <span>{METHOD_LABELS[m]} (R$)</span>
            <input inputMode="decimal" value={other[m]} onChange={(e) => setOther({ ...other, [m]: e.target.value })} />
          </label>
        ))}
      </fieldset>
      <p data-testid="cash-difference">
        Diferença: <strong>{formatMoney(difference)}</strong>
        {tolerance !== null && ` (tolerância ${formatMoney(tolerance)})`}
      </p>
      {needsApproval && (
        <>
          <p className="muted">A diferença passa da tolerância: um gerente precisa aprovar o fechamento.</p>
          <ApprovalFields value={approval} onChange={setApproval} error={error} />
        </>
      )}
      {general && (
        <p className="error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        Fechar caixa
      </button>
    </form>
  );
}
