import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { formLevelMessage, localError } from '../../api-errors';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { CheckField } from './CheckField';
import { formatPercent, parsePercent } from './config-util';
import { FormStatus } from './FormStatus';
import { SelectField } from './SelectField';

type Rule = OpOutput<'commissionRules.list'>[number];
type Scope = Rule['scope'];

const SCOPES: Record<Scope, { label: string; target: string }> = {
  salesperson: { label: 'Vendedor', target: 'Código do vendedor' },
  category: { label: 'Categoria', target: 'Categoria' },
  product: { label: 'Produto', target: 'Código do produto' },
  variant: { label: 'Variante (SKU)', target: 'SKU' },
};
const SCOPE_OPTIONS = (Object.keys(SCOPES) as Scope[]).map((s) => [s, SCOPES[s].label] as const);

function toScope(value: string): Scope {
  return (Object.keys(SCOPES) as Scope[]).find((s) => s === value) ?? 'salesperson';
}

/**
 * Rules that override the salesperson's default rate; the most specific active one wins:
 * variant, then product, then category, then salesperson.
 */
export function ComissoesSection() {
  const [rules, setRules] = useState<Rule[]>([]);
  const form = useForm({ scope: 'category', target: '', rate: '' });
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState('');
  const scope = toScope(form.values.scope);

  const load = useCallback(async () => setRules(await call('commissionRules.list', {})), []);
  useEffect(() => {
    void load();
  }, [load]);

  function edit(r: Rule) {
    form.setValues({ scope: r.scope, target: r.target_external_id ?? '', rate: String(r.rate).replace('.', ',') });
    setActive(r.active);
    setSaved('');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    void form.submit(async () => {
      const rate = parsePercent(form.values.rate);
      if (rate === null) throw localError('rate', 'Percentual inválido: use de 0 a 100, ex.: 5 ou 2,5.');
      const { created } = await call('commissionRules.set', {
        scope,
        target_external_id: form.values.target,
        rate,
        active,
      });
      setSaved(created ? 'Regra criada.' : 'Regra atualizada.');
      await load();
    });
  }

  const targetError = form.fieldError('target_external_id') ?? formLevelMessage(form.error);
  return (
    <div className="cfg-split">
      <table className="cfg-table" aria-label="Regras de comissão">
        <thead>
          <tr>
            <th>Aplica-se a</th>
            <th>Alvo</th>
            <th>Comissão</th>
            <th>Situação</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                Nenhuma regra: vale a comissão de cada vendedor.
              </td>
            </tr>
          )}
          {rules.map((r) => (
            <tr key={r.id}>
              <td>{SCOPES[r.scope].label}</td>
              <td>
                {r.target_external_id}
                {r.target_name && r.target_name !== r.target_external_id ? ` · ${r.target_name}` : ''}
              </td>
              <td>{formatPercent(r.rate)}</td>
              <td>{r.active ? 'Ativa' : 'Inativa'}</td>
              <td>
                <button type="button" className="link" onClick={() => edit(r)}>
                  Editar
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="cfg-form panel" onSubmit={onSubmit} aria-label="Regra de comissão">
        <h2>Regra de comissão</h2>
        <p className="muted">A regra mais específica vale: variante, produto, categoria e, por fim, vendedor.</p>
        <SelectField label="Aplica-se a" options={SCOPE_OPTIONS} {...form.bind('scope')} autoFocus />
        <Field label={SCOPES[scope].target} {...form.bind('target')} error={targetError} />
        <Field label="Comissão (%)" inputMode="decimal" {...form.bind('rate')} error={form.fieldError('rate')} />
        <CheckField label="Ativa" checked={active} onChange={setActive} />
        <FormStatus error={null} saved={saved} />
        <button type="submit" className="primary" disabled={form.busy}>
          Salvar regra
        </button>
      </form>
    </div>
  );
}
