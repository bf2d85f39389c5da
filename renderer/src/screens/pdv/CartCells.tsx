import { useState, type KeyboardEvent } from 'react';
import { centsToInput, formatQty } from '../../format';
import { parseDiscount } from './limits';

interface EditProps<T> {
  label: string;
  value: T;
  onCommit: (value: T) => void;
  /** After Enter or Esc: the focus goes back to the product field, where the scanner types. */
  onDone: () => void;
}

/**
 * Commits on Enter or blur; a refused value keeps the old one and says why, in Portuguese.
 * Enter (accepted) and Esc hand the focus back to the product field.
 */
function EditCell<T>({
  label,
  value,
  onCommit,
  onDone,
  show,
  parse,
  validate,
}: EditProps<T> & {
  show: (v: T) => string;
  parse: (s: string) => T | string;
  /** A check that needs the server (stock now); the reason to refuse, or null. */
  validate?: (v: T) => Promise<string | null>;
}) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState('');

  async function commit(): Promise<boolean> {
    if (text === null) return true;
    const parsed = parse(text);
    const refused = typeof parsed === 'string' ? parsed : validate ? await validate(parsed) : null;
    if (refused !== null || typeof parsed === 'string') {
      setError(refused ?? '');
      return false;
    }
    setError('');
    setText(null);
    onCommit(parsed);
    return true;
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit().then((ok) => ok && onDone());
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setText(null);
      setError('');
      onDone();
    }
  }

  return (
    <div className="cell-edit">
      <input
        aria-label={label}
        aria-invalid={error ? true : undefined}
        value={text ?? show(value)}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={onKeyDown}
      />
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** The line's quantity: `check` reads it (whole units), `validate` asks the server (stock). */
export function QtyCell(
  props: EditProps<number> & {
    check: (text: string) => number | string;
    validate: (qty: number) => Promise<string | null>;
  },
) {
  return <EditCell {...props} show={formatQty} parse={props.check} validate={props.validate} />;
}

/** The line's discount, in R$ or, with a "%" after the number, in percent of the line. */
export function DiscountCell(props: EditProps<number> & { max: number }) {
  return (
    <EditCell
      {...props}
      show={centsToInput}
      parse={(s) => {
        const cents = parseDiscount(s, s.includes('%') ? '%' : 'R$', props.max);
        if (typeof cents === 'string') return cents.replace('o valor (', 'o valor do item (');
        return cents;
      }}
    />
  );
}
