import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { Dialog } from '../../components/Dialog';
import { formatMoney, parseMoney } from '../../format';
import { useSession } from '../../session-store';

export type CaixaState = 'loading' | 'open' | 'closed' | 'unknown';
type Register = OpOutput<'registers.list'>[number];

/**
 * Whether this register has an open caixa (`pdv.cash_status`); counter sales need one.
 * 'unknown' when the answer failed: the server still decides at F10.
 */
export function useCaixaState(registerId: string | null): {
  state: CaixaState;
  refresh: () => Promise<CaixaState>;
} {
  const [state, setState] = useState<CaixaState>('loading');
  const refresh = useCallback(async (): Promise<CaixaState> => {
    const next: CaixaState = await call('pdv.cash_status', {}).then(
      (s) => (s.open ? ('open' as const) : ('closed' as const)),
      () => 'unknown' as const,
    );
    setState(next);
    return next;
  }, []);
  useEffect(() => {
    void refresh();
    // A caixa opened or closed in another window shows here when this one gets the focus back.
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh, registerId]);
  return { state, refresh };
}

interface CaixaBannerProps {
  state: CaixaState;
  onOpenCaixa: () => void;
  onChooseRegister: () => void;
}

/** The top of the PDV: which register this is and, with no open caixa, a way to open one. */
export function CaixaBanner({ state, onOpenCaixa, onChooseRegister }: CaixaBannerProps) {
  const register = useSession((s) => s.status?.register ?? null);
  const closed = state === 'closed';
  return (
    <div className={closed ? 'caixa-banner closed' : 'caixa-banner'} role="region" aria-label="Situação do caixa">
      <span>
        {register ? <strong>{register.name}</strong> : 'Sem caixa definido'}
        {closed && ' — nenhum caixa aberto neste computador. Abra o caixa para vender.'}
      </span>
      {closed && (
        <button type="button" className="primary" onClick={onOpenCaixa}>
          Abrir caixa
        </button>
      )}
      <button type="button" className="link" onClick={onChooseRegister}>
        Trocar caixa
      </button>
    </div>
  );
}

/** Opens the caixa of this register without leaving the PDV: the opening float and done. */
export function OpenCaixaDialog({ onOpened, onClose }: { onOpened: () => void; onClose: () => void }) {
  const [float, setFloat] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const cents = float.trim() === '' ? 0 : parseMoney(float);
    if (cents === null) return setError('Valor inválido.');
    setBusy(true);
    try {
      await call('cash.open', { opening_float_cents: cents });
      onOpened();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldMessage('opening_float_cents') ?? err.message) : 'Erro inesperado.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Abrir caixa" onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)}>
        <label className="field">
          <span>Fundo de troco (R$)</span>
          <input
            data-autofocus
            inputMode="decimal"
            value={float}
            placeholder={formatMoney(0)}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setFloat(e.target.value)}
          />
          {error && (
            <small className="field-error" role="alert">
              {error}
            </small>
          )}
        </label>
        <div className="actions">
          <button type="button" onClick={onClose}>
            Voltar (Esc)
          </button>
          <button type="submit" className="primary" aria-disabled={busy || undefined}>
            Abrir caixa (Enter)
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * Chooses which of the store's registers this computer is (persisted on this computer by
 * `device.register.set`); the cart and the caixa shown follow the register.
 */
export function RegisterDialog({ onChosen, onClose }: { onChosen: () => void; onClose: () => void }) {
  const current = useSession((s) => s.status?.register?.id ?? null);
  const [registers, setRegisters] = useState<Register[]>([]);
  const [chosen, setChosen] = useState(current ?? '');
  const [error, setError] = useState('');

  useEffect(() => {
    call('registers.list', {})
      .then((all) => setRegisters(all.filter((r) => r.active)))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Erro ao listar os caixas.'));
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    try {
      await call('device.register.set', { register_id: chosen });
      onChosen();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Erro inesperado.');
    }
  }

  return (
    <Dialog title="Caixa deste computador" onClose={onClose}>
      <form onSubmit={(e) => void onSubmit(e)}>
        <label className="field">
          <span>Caixa</span>
          <select data-autofocus value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {registers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.code})
              </option>
            ))}
          </select>
        </label>
        <p className="muted">A escolha fica guardada neste computador.</p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            Voltar (Esc)
          </button>
          <button type="submit" className="primary">
            Usar este caixa
          </button>
        </div>
      </form>
    </Dialog>
  );
}
