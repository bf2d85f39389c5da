import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call } from './api';
import { Field } from './components/Field';
import { useForm } from './components/useForm';
import { ACTIVITY_EVENTS, isIdle, unlockKind } from './idle-lock';
import { useSession } from './session-store';
import './idle-lock.css';

/**
 * Locks the signed-in screen after `lock.settings` minutes without input (10 at a register, 30
 * elsewhere by default). The screen underneath stays mounted, so the open screen and the sale in
 * progress are still there when the same user types their PIN; another user's login and PIN
 * sign that user in, who lands on their own screen and cart (Shell).
 */
export function IdleLock({ login, name }: { login: string; name: string }) {
  const refresh = useSession((s) => s.refresh);
  const [locked, setLocked] = useState(false);
  const [minutes, setMinutes] = useState<number | null>(null);
  const last = useRef(Date.now());
  const form = useForm({ login, pin: '' });

  useEffect(() => {
    void call('lock.settings', {}).then((s) => setMinutes(s.minutes));
  }, [login]);

  useEffect(() => {
    if (locked) return;
    const touch = () => (last.current = Date.now());
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (minutes !== null && isIdle(last.current, Date.now(), minutes)) setLocked(true);
    }, 1_000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch, { capture: true });
      clearInterval(timer);
    };
  }, [locked, minutes]);

  useEffect(() => {
    if (locked) form.setValues({ login, pin: '' });
  }, [locked, login]);

  if (!locked) return null;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      const kind = unlockKind(login, form.values.login);
      await call('auth.login', form.values);
      form.setValues({ pin: '' });
      last.current = Date.now();
      setLocked(false);
      if (kind === 'switch') await refresh();
    });
  }

  return (
    <div className="idle-lock" role="dialog" aria-modal="true" aria-labelledby="idle-lock-title">
      <form className="card narrow" onSubmit={onSubmit} aria-label="Desbloquear">
        <h1 id="idle-lock-title">Tela bloqueada</h1>
        <p>
          Bloqueada por inatividade. {name}, digite seu PIN para continuar de onde parou — ou entre com outro usuário.
        </p>
        <Field label="Usuário" {...form.bind('login')} autoComplete="username" />
        <Field label="PIN ou senha" type="password" {...form.bind('pin')} autoFocus autoComplete="current-password" />
        {form.error && (
          <p className="error" role="alert">
            {form.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.busy}>
          Desbloquear
        </button>
      </form>
    </div>
  );
}
