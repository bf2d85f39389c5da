import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, call } from '../../api';
import { centsToInput, formatBp, parseMoney } from '../../format';

/** "2,5" / "2,5%" → 250 basis points (integer, no float on the way); null when not a 0–100 % rate. */
export function percentToBp(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim().replace(/%$/, '').trim());
  if (!match) return null;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

const bpInput = (bp: number) => formatBp(bp).replace(/\s*%$/, '');

/**
 * The store's crediário terms (issue 17): interest per month on new crediários, the late fine
 * and late interest per month (pro rata per day), the default credit limit per customer, and
 * the days a boleto or PIX charge waits before it expires. Shown in Configurações → Pagamentos.
 */
export function CrediarioSettings() {
  const [values, setValues] = useState({ interest: '', fine: '', late: '', limit: '', expiry: '' });
  const [message, setMessage] = useState('');
  useEffect(() => {
    call('payments.crediario_settings', {})
      .then((s) =>
        setValues({
          interest: bpInput(s.interest_bp_month),
          fine: bpInput(s.late_fine_bp),
          late: bpInput(s.late_interest_bp_month),
          limit: centsToInput(s.credit_limit_cents),
          expiry: String(s.charge_expiry_days),
        }),
      )
      .catch(() => undefined);
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    const interest = percentToBp(values.interest);
    const fine = percentToBp(values.fine);
    const late = percentToBp(values.late);
    const limit = parseMoney(values.limit);
    const expiry = Number(values.expiry);
    if (interest === null || fine === null || late === null) return setMessage('Informe as taxas em %, ex.: 2,5.');
    if (limit === null) return setMessage('Limite de crédito inválido, ex.: 1.000,00.');
    if (!(Number.isInteger(expiry) && expiry >= 1 && expiry <= 365)) return setMessage('Expiração: de 1 a 365 dias.');
    try {
      await call('payments.crediario_settings_save', {
        interest_bp_month: interest,
        late_fine_bp: fine,
        late_interest_bp_month: late,
        credit_limit_cents: limit,
        charge_expiry_days: expiry,
      });
      setMessage('Condições do crediário salvas.');
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : 'Erro ao salvar.');
    }
  }

  const field = (key: keyof typeof values, label: string, mode: 'decimal' | 'numeric' = 'decimal') => (
    <label>
      {label}
      <input inputMode={mode} value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
    </label>
  );
  return (
    <form className="cfg-form" onSubmit={(e) => void onSubmit(e)} aria-label="Crediário">
      <h2>Crediário e cobranças</h2>
      {field('interest', 'Juros do crediário (% ao mês)')}
      {field('fine', 'Multa por atraso (%)')}
      {field('late', 'Juros de mora (% ao mês, por dia de atraso)')}
      {field('limit', 'Limite de crédito padrão por cliente (R$)')}
      {field('expiry', 'Boleto/PIX expira após (dias)', 'numeric')}
      <button type="submit">Salvar condições</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
