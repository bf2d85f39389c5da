import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../api';
import { localError } from '../../api-errors';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { centsToInput, parseMoney } from '../../format';
import { CheckField } from './CheckField';
import { parsePercent } from './config-util';
import { FormStatus } from './FormStatus';

/**
 * How far a cashier may go alone: discount limit, cash difference tolerated, sangria without a
 * supervisor (`cash_sangria_approval_above_cents`, R$ on screen, centavos sent), negative stock.
 */
export function RegrasSection() {
  const form = useForm({ discount: '', difference: '', sangria: '' });
  const [negative, setNegative] = useState(true);
  const [internalCodes, setInternalCodes] = useState(false);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    void call('counter.settings', {}).then((s) => {
      form.setValues({
        discount: (s.max_discount_bp / 100).toLocaleString('pt-BR'),
        difference: centsToInput(s.cash_max_difference_cents),
        sangria: centsToInput(s.cash_sangria_approval_above_cents),
      });
      setNegative(s.allow_negative_stock);
      setInternalCodes(s.allow_internal_barcodes);
    });
    // Loaded once; the form owns the values afterwards.
  }, []);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    void form.submit(async () => {
      const percent = parsePercent(form.values.discount);
      if (percent === null) throw localError('max_discount_bp', 'Informe um percentual de 0 a 100.');
      const difference = parseMoney(form.values.difference);
      if (difference === null) throw localError('cash_max_difference_cents', 'Valor inválido.');
      const sangria = parseMoney(form.values.sangria);
      if (sangria === null)
        throw localError('cash_sangria_approval_above_cents', 'Informe um valor em reais, como 500,00.');
      await call('counter.settings.set', {
        max_discount_bp: Math.round(percent * 100),
        cash_max_difference_cents: difference,
        cash_sangria_approval_above_cents: sangria,
        allow_negative_stock: negative,
        allow_internal_barcodes: internalCodes,
      });
      setSaved('Regras salvas.');
    });
  }

  return (
    <form className="cfg-form panel" onSubmit={onSubmit} aria-label="Regras do caixa">
      <h2>Regras do caixa</h2>
      <Field
        label="Desconto máximo sem gerente (%)"
        inputMode="decimal"
        {...form.bind('discount')}
        error={form.fieldError('max_discount_bp')}
      />
      <Field
        label="Diferença de caixa tolerada sem gerente (R$)"
        inputMode="decimal"
        {...form.bind('difference')}
        error={form.fieldError('cash_max_difference_cents')}
      />
      <Field
        label="Sangria sem aprovação do gerente até (R$)"
        inputMode="decimal"
        {...form.bind('sangria')}
        error={form.fieldError('cash_sangria_approval_above_cents')}
      />
      <CheckField label="Permitir vender sem estoque" checked={negative} onChange={setNegative} />
      <CheckField
        label="Aceitar códigos de barras próprios da loja (4 a 20 dígitos), além de EAN/GTIN"
        checked={internalCodes}
        onChange={setInternalCodes}
      />
      <FormStatus error={form.error} saved={saved} />
      <button type="submit" className="primary" disabled={form.busy}>
        Salvar regras
      </button>
    </form>
  );
}
