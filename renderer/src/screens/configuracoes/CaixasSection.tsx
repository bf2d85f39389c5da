import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { CheckField } from './CheckField';
import { FormStatus } from './FormStatus';

type Register = OpOutput<'registers.list'>[number];

/** The store's registers: add one, rename it, switch it off. */
export function CaixasSection() {
  const [registers, setRegisters] = useState<Register[]>([]);
  const form = useForm({ code: '', name: '' });
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState('');

  const load = useCallback(async () => setRegisters(await call('registers.list', {})), []);
  useEffect(() => {
    void load();
  }, [load]);

  function edit(r: Register) {
    form.setValues({ code: r.code, name: r.name });
    setActive(r.active);
    setSaved('');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    void form.submit(async () => {
      const { created } = await call('registers.upsert', { code: form.values.code, name: form.values.name, active });
      setSaved(created ? 'Caixa criado.' : 'Caixa atualizado.');
      await load();
    });
  }

  return (
    <div className="cfg-split">
      <table className="cfg-table" aria-label="Caixas">
        <thead>
          <tr>
            <th>Código</th>
            <th>Nome</th>
            <th>Situação</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {registers.map((r) => (
            <tr key={r.id}>
              <td>{r.code}</td>
              <td>{r.name}</td>
              <td>{r.active ? 'Ativo' : 'Inativo'}</td>
              <td>
                <button type="button" className="link" onClick={() => edit(r)}>
                  Editar {r.code}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="cfg-form panel" onSubmit={onSubmit} aria-label="Caixa">
        <h2>Caixa</h2>
        <p className="muted">Use um código novo para criar um caixa, ou o de um existente para alterá-lo.</p>
        <Field label="Código do caixa" {...form.bind('code')} error={form.fieldError('code')} autoFocus />
        <Field label="Nome do caixa" {...form.bind('name')} error={form.fieldError('name')} />
        <CheckField label="Ativo" checked={active} onChange={setActive} error={form.fieldError('active')} />
        <FormStatus error={form.error} saved={saved} />
        <button type="submit" className="primary" disabled={form.busy}>
          Salvar caixa
        </button>
      </form>
    </div>
  );
}
