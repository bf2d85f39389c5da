import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { localError } from '../../api-errors';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { centsToInput, formatMoney, parseMoney } from '../../format';
import { CheckField } from './CheckField';
import { formatPercent, parsePercent } from './config-util';
import { FormStatus } from './FormStatus';

type Salesperson = OpOutput<'salespeople.list'>[number];

const EMPTY = { external_id: '', name: '', commission_rate: '', monthly_target: '' };

/** Salespeople of this store with their default commission rate and monthly target. */
export function VendedoresSection({ storeCode }: { storeCode: string }) {
  const [people, setPeople] = useState<Salesperson[]>([]);
  const form = useForm(EMPTY);
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState('');

  const load = useCallback(async () => setPeople(await call('salespeople.list', {})), []);
  useEffect(() => {
    void load();
  }, [load]);

  function edit(p: Salesperson) {
    form.setValues({
      external_id: p.external_id,
      name: p.name,
      commission_rate: p.commission_rate === null ? '' : String(p.commission_rate).replace('.', ','),
      monthly_target: p.monthly_target_cents ? centsToInput(p.monthly_target_cents) : '',
    });
    setActive(p.active);
    setSaved('');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const { values } = form;
    void form.submit(async () => {
      const rate = parsePercent(values.commission_rate);
      if (rate === null) throw localError('commission_rate', 'Percentual inválido: use de 0 a 100, ex.: 5 ou 2,5.');
      const target = values.monthly_target.trim() === '' ? 0 : parseMoney(values.monthly_target);
      if (target === null) throw localError('monthly_target', 'Valor inválido.');
      const { created } = await call('salespeople.upsert', {
        external_id: values.external_id,
        name: values.name,
        location_external_id: storeCode,
        commission_rate: rate,
        monthly_target: target,
        active,
      });
      setSaved(created ? 'Vendedor cadastrado.' : 'Vendedor atualizado.');
      form.setValues(EMPTY);
      setActive(true);
      await load();
    });
  }

  return (
    <div className="cfg-split">
      <table className="cfg-table" aria-label="Vendedores">
        <thead>
          <tr>
            <th>Código</th>
            <th>Nome</th>
            <th>Comissão</th>
            <th>Meta mensal</th>
            <th>Situação</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {people.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                Nenhum vendedor cadastrado.
              </td>
            </tr>
          )}
          {people.map((p) => (
            <tr key={p.id}>
              <td>{p.external_id}</td>
              <td>{p.name}</td>
              <td>{p.commission_rate === null ? '—' : formatPercent(p.commission_rate)}</td>
              <td>{formatMoney(p.monthly_target_cents)}</td>
              <td>{p.active ? 'Ativo' : 'Inativo'}</td>
              <td>
                <button type="button" className="link" onClick={() => edit(p)} aria-label={`Editar ${p.name}`}>
                  Editar
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="cfg-form panel" onSubmit={onSubmit} aria-label="Vendedor">
        <h2>Vendedor</h2>
        <Field
          label="Código do vendedor"
          {...form.bind('external_id')}
          error={form.fieldError('external_id')}
          autoFocus
        />
        <Field label="Nome do vendedor" {...form.bind('name')} error={form.fieldError('name')} />
        <Field
          label="Comissão (%)"
          inputMode="decimal"
          {...form.bind('commission_rate')}
          error={form.fieldError('commission_rate')}
        />
        <Field
          label="Meta mensal (R$, opcional)"
          inputMode="decimal"
          {...form.bind('monthly_target')}
          error={form.fieldError('monthly_target')}
        />
        <CheckField label="Ativo" checked={active} onChange={setActive} />
        <FormStatus error={form.error} saved={saved} />
        <button type="submit" className="primary" disabled={form.busy}>
          Salvar vendedor
        </button>
      </form>
    </div>
  );
}
