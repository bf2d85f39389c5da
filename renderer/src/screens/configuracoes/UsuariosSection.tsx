import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../../app/auth/roles';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { CheckField } from './CheckField';
import { FormStatus } from './FormStatus';
import { SelectField } from './SelectField';

type User = OpOutput<'users.list'>[number];
const ROLE_OPTIONS = ROLES.map((r) => [r, ROLE_LABELS[r]] as const);

/** Who may use this computer: create a cashier, reset a PIN, switch someone off. */
export function UsuariosSection() {
  const [users, setUsers] = useState<User[]>([]);
  const [editing, setEditing] = useState<User | null>(null);
  const form = useForm({ name: '', login: '', role: 'cashier', pin: '' });
  const [active, setActive] = useState(true);
  const [saved, setSaved] = useState('');

  const load = useCallback(async () => setUsers(await call('users.list', {})), []);
  useEffect(() => {
    void load();
  }, [load]);

  function edit(u: User | null) {
    setEditing(u);
    form.setValues({ name: u?.name ?? '', login: u?.login ?? '', role: u?.role ?? 'cashier', pin: '' });
    setActive(u?.active ?? true);
    setSaved('');
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved('');
    const { name, login, pin } = form.values;
    const role = form.values.role as Role;
    void form.submit(async () => {
      if (editing) {
        await call('users.update', { id: editing.id, name, role, active, ...(pin ? { pin } : {}) });
        setSaved('Usuário atualizado.');
      } else {
        await call('users.create', { name, login, role, pin });
        edit(null);
        setSaved('Usuário criado.');
      }
      await load();
    });
  }

  return (
    <div className="cfg-split">
      <table className="cfg-table" aria-label="Usuários">
        <thead>
          <tr>
            <th>Nome</th>
            <th>Usuário</th>
            <th>Perfil</th>
            <th>Situação</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.login}</td>
              <td>{ROLE_LABELS[u.role as Role] ?? u.role}</td>
              <td>{u.active ? 'Ativo' : 'Inativo'}</td>
              <td>
                <button type="button" className="link" onClick={() => edit(u)}>
                  Editar {u.login}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="cfg-form panel" onSubmit={onSubmit} aria-label="Usuário">
        <h2>{editing ? `Editar ${editing.login}` : 'Novo usuário'}</h2>
        <Field label="Nome da pessoa" {...form.bind('name')} error={form.fieldError('name')} autoFocus />
        <Field
          label="Usuário (login)"
          {...form.bind('login')}
          error={form.fieldError('login')}
          disabled={editing !== null}
        />
        <SelectField label="Perfil" options={ROLE_OPTIONS} {...form.bind('role')} error={form.fieldError('role')} />
        <Field
          label={editing ? 'Novo PIN (deixe vazio para manter)' : 'PIN (4 a 8 dígitos)'}
          type="password"
          inputMode="numeric"
          {...form.bind('pin')}
          error={form.fieldError('pin')}
        />
        {editing && <CheckField label="Ativo" checked={active} onChange={setActive} />}
        <FormStatus error={form.error} saved={saved} />
        <div className="actions">
          {editing && (
            <button type="button" onClick={() => edit(null)}>
              Novo usuário
            </button>
          )}
          <button type="submit" className="primary" disabled={form.busy}>
            Salvar usuário
          </button>
        </div>
      </form>
    </div>
  );
}
