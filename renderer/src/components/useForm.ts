import { useState } from 'react';
import { ApiError } from '../api';

/** Form state with server-side validation: the contract's field paths map to messages. */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const bind = (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });

  async function submit(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ code: 'unexpected', message: 'Erro inesperado.' }));
    } finally {
      setBusy(false);
    }
  }

  return { values, bind, submit, busy, error, fieldError: (path: string) => error?.fieldMessage(path) };
}
