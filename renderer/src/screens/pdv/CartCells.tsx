import { useState, type KeyboardEvent } from 'react';
import { centsToInput, formatQty, parseMoney } from '../../format';
import { parseCartQty } from './cart';

interface EditProps<T> {
  label: string;
  value: T;
  onCommit: (value: T) => void;
}

/** Commits on Enter or blur; a refused value keeps the old one and says why, in Portuguese. */
function EditCell<T>({
  label,
  value,
  onCommit,
  show,
  parse,
}: EditProps<T> & { show: (v: T) => string; parse: (s: string) => T | string }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState('');

  function commit() {
    if (text === null) return;
    const parsed = parse(text);
    if (typeof parsed === 'string') {
      setError(parsed);
      return;
    }
    setError('');
    setText(null);
    onCommit(parsed);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && text !== null) {
      e.stopPropagation();
      setText(null);
      setError('');
    }
  }

  return (
    <div className="cell-edit">
      <input
        aria-label={label}
        aria-invalid={error ? true : undefined}
        value={text ?? show(value)}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
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

export function QtyCell(props: EditProps<number>) {
  return <EditCell {...props} show={formatQty} parse={parseCartQty} />;
}

export function DiscountCell(props: EditProps<number> & { max: number }) {
  return (
    <EditCell
      {...props}
      show={centsToInput}
      parse={(s) => {
        const cents = s.trim() === '' ? 0 : parseMoney(s);
        if (cents === null) return 'Valor inválido.';
        if (cents > props.max) return 'O desconto é maior que o valor do item.';
        return cents;
      }}
    />
  );
}
