import { useState, type FormEvent } from 'react';
import { call } from '../api';
import { Field } from '../components/Field';
import { useForm } from '../components/useForm';
import { useSession } from '../session-store';
import { JoinStore } from './JoinStore';
import { OwnerPasswordField } from './OwnerPasswordField';

export function FirstRun() {
  const refresh = useSession((s) => s.refresh);
  const form = useForm({
    storeName: '',
    cnpj: '',
    address: '',
    timezone: 'America/Sao_Paulo',
    ownerName: '',
    login: '',
    pin: '',
    password: '',
  });
  const { values } = form;
  const [joining, setJoining] = useState(false);
  if (joining) return <JoinStore onCancel={() => setJoining(false)} />;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      await call('store.setup', {
        store: {
          name: values.storeName,
          cnpj: values.cnpj || null,
          address: values.address,
          timezone: values.timezone,
        },
        owner: {
          name: values.ownerName,
          login: values.login,
          pin: values.pin,
          ...(values.password ? { password: values.password } : {}),
        },
      });
      await refresh();
    });
  }

  return (
    <main className="center-card">
      <form className="card" onSubmit={onSubmit} aria-label="Configuração inicial">
        <h1>Bem-vindo ao Balcão</h1>
        <p className="muted">Configure sua loja para começar a vender. Tudo fica salvo neste computador.</p>
        <fieldset>
          <legend>Loja</legend>
          <Field label="Nome da loja" {...form.bind('storeName')} error={form.fieldError('store.name')} autoFocus />
          <Field
            label="CNPJ (opcional)"
            {...form.bind('cnpj')}
            error={form.fieldError('store.cnpj')}
            inputMode="text"
          />
          <Field label="Endereço (opcional)" {...form.bind('address')} />
          <Field label="Fuso horário" {...form.bind('timezone')} error={form.fieldError('store.timezone')} />
        </fieldset>
        <fieldset>
          <legend>Responsável (dono)</legend>
          <Field label="Nome" {...form.bind('ownerName')} error={form.fieldError('owner.name')} />
          <Field
            label="Usuário"
            {...form.bind('login')}
            error={form.fieldError('owner.login')}
            autoComplete="username"
          />
          <Field
            label="PIN (4 a 8 dígitos)"
            type="password"
            inputMode="numeric"
            {...form.bind('pin')}
            error={form.fieldError('owner.pin')}
            autoComplete="new-password"
          />
          <OwnerPasswordField {...form.bind('password')} error={form.fieldError('owner.password')} />
        </fieldset>
        {form.error && !form.error.error.details && (
          <p className="error" role="alert">
            {form.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.busy}>
          Criar loja e entrar
        </button>
        <button type="button" onClick={() => setJoining(true)}>
          Entrar numa loja existente
        </button>
      </form>
    </main>
  );
}
