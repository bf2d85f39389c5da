import type { FormEvent } from 'react';
import { call } from '../api';
import { Field } from '../components/Field';
import { useForm } from '../components/useForm';
import { useSession } from '../session-store';

export function Login({ storeName }: { storeName: string }) {
  const refresh = useSession((s) => s.refresh);
  const form = useForm({ login: '', pin: '' });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      await call('auth.login', form.values);
      await refresh();
    });
  }

  return (
    <main className="center-card">
      <form className="card narrow" onSubmit={onSubmit} aria-label="Entrar">
        <h1>{storeName}</h1>
        <Field label="Usuário" {...form.bind('login')} autoFocus autoComplete="username" />
        <Field label="PIN ou senha" type="password" {...form.bind('pin')} autoComplete="current-password" />
        {form.error && (
          <p className="error" role="alert">
            {form.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.busy}>
          Entrar
        </button>
      </form>
    </main>
  );
}
