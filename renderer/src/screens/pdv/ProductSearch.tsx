import { forwardRef, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { ApiError, call } from '../../api';
import { formatMoney, variantLabel } from '../../format';
import type { Product } from './cart';

type Hit = OpOutput<'catalog.search'>[number];

interface ProductSearchProps {
  /** Adds the product; answers why it cannot be added (no stock), or null. */
  onAdd: (p: Product) => Promise<string | null>;
  /** Told of every submitted search or scan, from Enter until it is added or refused. */
  onSubmit?: (job: Promise<void>) => void;
}

const isBarcode = (text: string) => /^\d+$/.test(text);

/**
 * The search box: type-ahead by name or SKU, and a scanner's digits + Enter add the item at once.
 * Whatever fails (unknown code, no match, no stock) clears the field, so the next scan is not
 * glued to it, and the message stays until the next attempt.
 */
export const ProductSearch = forwardRef<HTMLInputElement, ProductSearchProps>(function ProductSearch(
  { onAdd, onSubmit },
  ref,
) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<{ query: string; hits: Hit[] }>({ query: '', hits: [] });
  const [active, setActive] = useState(0);
  const [error, setError] = useState('');
  const seq = useRef(0);

  useEffect(() => {
    const query = text.trim();
    const mine = ++seq.current;
    if (query === '' || isBarcode(query)) {
      setResults({ query, hits: [] });
      return;
    }
    const timer = setTimeout(() => {
      void call('catalog.search', { query, limit: 8 })
        .then((hits) => {
          if (mine === seq.current) {
            setResults({ query, hits });
            setActive(0);
          }
        })
        .catch(() => undefined);
    }, 80);
    return () => clearTimeout(timer);
  }, [text]);

  async function add(p: Product, clear = true) {
    seq.current++;
    if (clear) setText('');
    setResults({ query: '', hits: [] });
    const refused = await onAdd(p);
    setError(refused ?? '');
  }

  function fail(message: string) {
    seq.current++;
    setText('');
    setResults({ query: '', hits: [] });
    setError(message);
  }

  async function submit() {
    const query = text.trim();
    if (query === '') return;
    setError('');
    try {
      if (isBarcode(query)) {
        // Cleared before the lookup: the scanner may already be typing the next code.
        setText('');
        await add(await call('catalog.lookupBarcode', { code: query }), false);
        return;
      }
      const hits = results.query === query ? results.hits : await call('catalog.search', { query, limit: 8 });
      const hit = hits[results.query === query ? active : 0] ?? hits[0];
      if (hit) await add(hit);
      else fail(`Nenhum produto encontrado: ${query}`);
    } catch (e) {
      if (e instanceof ApiError && e.error.code === 'unknown_barcode')
        fail(`Código de barras não encontrado: ${query}`);
      else fail(e instanceof ApiError ? e.message : 'Erro inesperado.');
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const count = results.hits.length;
    if (e.key === 'Enter') {
      e.preventDefault();
      const job = submit();
      onSubmit?.(job);
      void job;
    } else if (e.key === 'ArrowDown' && count > 0) {
      e.preventDefault();
      setActive((a) => (a + 1) % count);
    } else if (e.key === 'ArrowUp' && count > 0) {
      e.preventDefault();
      setActive((a) => (a - 1 + count) % count);
    } else if (e.key === 'Escape') {
      setText('');
    }
  }

  return (
    <div className="product-search">
      <label className="field" htmlFor="pdv-search">
        <span>Produto (nome, SKU ou código de barras) — F2</span>
        <input
          id="pdv-search"
          ref={ref}
          autoFocus
          autoComplete="off"
          value={text}
          aria-invalid={error ? true : undefined}
          aria-controls="pdv-results"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </label>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
      {results.hits.length > 0 && (
        <ul id="pdv-results" className="search-results" role="listbox" aria-label="Resultados">
          {results.hits.map((h, i) => (
            <li key={h.variant_id} role="option" aria-selected={i === active} onMouseDown={() => void add(h)}>
              <span>{variantLabel(h, ' · ')}</span>
              <small className="muted">{h.sku}</small>
              <strong>{formatMoney(h.price_cents)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
});
