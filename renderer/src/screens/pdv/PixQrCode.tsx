import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { ApiError, call } from '../../api';
import { formatMoney } from '../../format';
import './pix-qr.css';

type State = { kind: 'idle' } | { kind: 'ready'; payload: string; image: string } | { kind: 'error'; message: string };

/** The store's static PIX QR code and "copia e cola" for exactly `amountCents`. */
export function PixQrCode({ amountCents }: { amountCents: number }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (amountCents <= 0) return setState({ kind: 'idle' });
    let current = true;
    const timer = setTimeout(() => {
      call('pix.charge', { amount_cents: amountCents })
        .then(async ({ payload }) => {
          const image = await QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
          if (current) setState({ kind: 'ready', payload, image });
        })
        .catch((e: unknown) => {
          if (current) setState({ kind: 'error', message: e instanceof ApiError ? e.message : 'Erro ao gerar o PIX.' });
        });
    }, 150);
    setCopied(false);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [amountCents]);

  if (state.kind === 'idle') return null;
  if (state.kind === 'error') {
    return (
      <p className="error" role="alert">
        {state.message}
      </p>
    );
  }
  return (
    <figure className="pix-qr" aria-label="PIX">
      <img src={state.image} alt={`QR code PIX de ${formatMoney(amountCents)}`} width={180} height={180} />
      <figcaption>
        <span>
          PIX de <strong>{formatMoney(amountCents)}</strong>: peça para o cliente ler o QR code ou use o copia e cola.
        </span>
        <label className="field">
          <span>PIX copia e cola</span>
          <input readOnly value={state.payload} onFocus={(e) => e.target.select()} />
        </label>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(state.payload).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copiado!' : 'Copiar código'}
        </button>
      </figcaption>
    </figure>
  );
}
