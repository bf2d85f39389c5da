import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatBp, formatMoney, parseMoney } from '../../format';
import { parsePercent } from './config-util';
import { CrediarioSettings } from './CrediarioSettings';

type Rule = OpOutput<'payments.fee_rules'>[number];
type FeeMethod = Rule['method'];
const LABELS: Record<FeeMethod, string> = {
  cartao_debito: 'Cartão de débito',
  cartao_credito: 'Cartão de crédito',
  pix: 'PIX',
  boleto: 'Boleto',
};

/**
 * Card and PIX fees per method and installment range, with the acquirer (issue 17). A new rate
 * applies to payments recorded from then on; stored payments keep the fee copied onto them.
 */
export function PagamentosSection() {
  const [rules, setRules] = useState<Rule[]>([]);
  const [method, setMethod] = useState<FeeMethod>('cartao_credito');
  const [min, setMin] = useState('1');
  const [max, setMax] = useState('1');
  const [rate, setRate] = useState('');
  const [fixed, setFixed] = useState('0,00');
  const [acquirer, setAcquirer] = useState('');
  const [message, setMessage] = useState('');

  const load = useCallback(async () => setRules(await call('payments.fee_rules', {})), []);
  useEffect(() => {
    void load();
  }, [load]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    const percent = parsePercent(rate);
    const fixedCents = parseMoney(fixed);
    if (percent === null || fixedCents === null) return setMessage('Informe a taxa (%) e o valor fixo (R$).');
    try {
      await call('payments.fee_rule_save', {
        method,
        min_installments: Number(min),
        max_installments: Number(max),
        rate_bp: Math.round(percent * 100),
        fixed_cents: fixedCents,
        acquirer,
        active: true,
      });
      setMessage('Taxa salva.');
      await load();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'Erro ao salvar a taxa.');
    }
  }

  return (
    <div className="panel" aria-label="Taxas de pagamento">
      <h2>Taxas de cartão e PIX</h2>
      <table className="list">
        <thead>
          <tr>
            <th>Forma</th>
            <th>Parcelas</th>
            <th>Taxa</th>
            <th>Fixo</th>
            <th>Adquirente</th>
            <th>Recebe em</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>{LABELS[r.method]}</td>
              <td>
                {r.min_installments === r.max_installments
                  ? `${r.min_installments}x`
                  : `${r.min_installments}–${r.max_installments}x`}
              </td>
              <td>{formatBp(r.rate_bp)}</td>
              <td>{formatMoney(r.fixed_cents)}</td>
              <td>{r.acquirer}</td>
              <td>
                D+{r.settlement_days}
                {r.method === 'cartao_credito' ? ' por parcela' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="cfg-form" onSubmit={(e) => void onSubmit(e)} aria-label="Nova taxa">
        <label>
          Forma
          <select value={method} onChange={(e) => setMethod(e.target.value as FeeMethod)}>
            {(Object.keys(LABELS) as FeeMethod[]).map((m) => (
              <option key={m} value={m}>
                {LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          De (parcelas)
          <input inputMode="numeric" value={min} onChange={(e) => setMin(e.target.value)} />
        </label>
        <label>
          Até (parcelas)
          <input inputMode="numeric" value={max} onChange={(e) => setMax(e.target.value)} />
        </label>
        <label>
          Taxa (%)
          <input inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </label>
        <label>
          Valor fixo (R$)
          <input inputMode="decimal" value={fixed} onChange={(e) => setFixed(e.target.value)} />
        </label>
        <label>
          Adquirente
          <input value={acquirer} onChange={(e) => setAcquirer(e.target.value)} />
        </label>
        <button type="submit">Salvar taxa</button>
        {message && <p role="status">{message}</p>}
      </form>
      <CrediarioSettings />
    </div>
  );
}
