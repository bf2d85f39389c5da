import { useEffect, useState } from 'react';
import type { ApiError } from '../../api';

type ChoiceType = 'cpf' | 'phone';
interface Option {
  type: ChoiceType;
  key: string;
}
interface Pending {
  /** The key as typed when the server asked; a new text drops the choice. */
  typed: string;
  options: Option[];
  chosen: ChoiceType | null;
}

const LABELS: Record<ChoiceType, string> = { cpf: 'CPF', phone: 'Celular' };

/**
 * A PIX key that is both a valid CPF and a mobile number (`pix_key_ambiguous`): the user says
 * which it is, and the next save sends `pix_key_type`. `typeFor(text)` gives the chosen type
 * while the key typed is still the one asked about.
 */
export function usePixKeyChoice(error: ApiError | null, typed: string) {
  const [pending, setPending] = useState<Pending | null>(null);
  useEffect(() => {
    if (error?.error.code !== 'pix_key_ambiguous') return;
    const options = (error.error.details?.options as Option[] | undefined) ?? [];
    setPending({ typed: typed.trim(), options, chosen: null });
    // Only a new refusal opens the question; typing does not.
  }, [error]);
  const active = pending && pending.typed === typed.trim() ? pending : null;
  return {
    typeFor: (text: string) => (active && active.typed === text.trim() ? (active.chosen ?? undefined) : undefined),
    choice: active && (
      <fieldset className="cfg-pix-choice">
        <legend>Esta chave PIX é:</legend>
        {active.options.map((o) => (
          <label key={o.type} className="cfg-check">
            <input
              type="radio"
              name="pix_key_type"
              checked={active.chosen === o.type}
              onChange={() => setPending({ ...active, chosen: o.type })}
            />{' '}
            {LABELS[o.type]} ({o.key})
          </label>
        ))}
      </fieldset>
    ),
  };
}
