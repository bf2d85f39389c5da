import { useState } from 'react';
import type { ApiError } from '../api';
import { errorOf } from '../api-errors';

/** Form state with server-side validation: the contract's field paths map to messages. */
export function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValuesState] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const bind = (name: keyof T & string) => ({
    name,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValuesState((v) => ({ ...v, [name]: e.target.value })),
  });

  /** Puts values into the form: a row picked from a list to edit, or blanks after a save. */
  const setValues = (next: Partial<T>) => setValuesState((v) => ({ ...v, ...next }));

  async function submit(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  }

  return { values, bind, setValues, submit, busy, error, fieldError: (path: string) => error?.fieldMessage(path) };
}
