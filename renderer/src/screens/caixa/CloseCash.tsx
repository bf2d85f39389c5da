import { useState, type FormEvent } from 'react';
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

/** The count by note and coin; above the store's tolerance a manager signs with login + PIN. */
export function CloseCash({ summary, onClosed }: CloseCashProps) {
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [other, setOther] = useState<Record<Other, string>>(
    () => Object.fromEntries(OTHER.map((m) => [m, centsToInput(summary.totals_by_method[m])])) as Record<Other, string>,
  );
  const [approval, setApproval] = useState<{ login: string; pin: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const denominations = Object.fromEntries(
    DENOMINATIONS.map((d) => [d, Number(counts[d] || 0)]).filter(([, n]) => Number.isFinite(n) && n !== 0),
  ) as Record<string, number>;
  const counted = Object.entries(denominations).reduce((a, [d, n]) => a + Number(d) * n, 0);

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
      onClosed(await call('cash.close', { denominations, counted_other, ...(approval ? { approval } : {}) }));
    } catch (err) {
      const apiError = errorOf(err);
      if (['approval_required', 'approval_invalid'].includes(apiError.error.code) && !approval)
        setApproval({ login: '', pin: '' });
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
              onChange={(e) => setCounts({ ...counts, [d]: e.target.value.replace(/\D/g, '') })}
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
      {approval && <ApprovalFields value={approval} onChange={setApproval} error={error} />}
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
