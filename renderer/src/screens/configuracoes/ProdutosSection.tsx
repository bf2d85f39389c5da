import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { formatMoney, formatQty } from '../../format';
import { ProductEditor, type EditTarget } from './ProductEditor';

type Page = OpOutput<'catalog.list'>;
type Variant = Page['items'][number];

const PAGE_SIZE = 50;

interface ProdutosProps {
  canEdit: boolean;
  canStock: boolean;
}

/** The catalog, one page at a time (it may hold tens of thousands of variants), and its editor. */
export function ProdutosSection({ canEdit, canStock }: ProdutosProps) {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [editing, setEditing] = useState<EditTarget | null>(null);

  const load = useCallback(async (q: string, at: number) => {
    setPage(await call('catalog.list', { query: q.trim() || undefined, limit: PAGE_SIZE, offset: at }));
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void load(query, offset), 200);
    return () => clearTimeout(timer);
  }, [load, query, offset]);

  if (editing) {
    return (
      <ProductEditor
        target={editing}
        canEdit={canEdit}
        canStock={canStock}
        onTarget={setEditing}
        onClose={() => {
          setEditing(null);
          void load(query, offset);
        }}
      />
    );
  }

  function onRowKey(e: KeyboardEvent, v: Variant) {
    if (e.key === 'Enter') setEditing({ kind: 'existing', variantId: v.variant_id });
  }

  const total = page?.total ?? 0;
  return (
    <div className="cfg-products">
      <div className="cfg-toolbar">
        <label className="field cfg-search">
          <span>Buscar produto (nome, SKU ou código de barras)</span>
          <input
            autoFocus
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setOffset(0);
            }}
          />
        </label>
        {canEdit && (
          <button type="button" onClick={() => setEditing({ kind: 'new' })}>
            Novo produto
          </button>
        )}
      </div>
      <table className="cfg-table" aria-label="Produtos">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Produto</th>
            <th>Variação</th>
            <th className="num">Preço</th>
            <th className="num">Custo</th>
            <th className="num">Estoque</th>
            <th>Situação</th>
          </tr>
        </thead>
        <tbody>
          {page && page.items.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                Nenhum produto encontrado.
              </td>
            </tr>
          )}
          {page?.items.map((v) => (
            <tr
              key={v.variant_id}
              tabIndex={0}
              className="cfg-row"
              aria-label={`${v.name} ${v.sku}`}
              onClick={() => setEditing({ kind: 'existing', variantId: v.variant_id })}
              onKeyDown={(e) => onRowKey(e, v)}
            >
              <td>{v.sku}</td>
              <td>{v.name}</td>
              <td>{[v.size, v.color].filter(Boolean).join(' · ')}</td>
              <td className="num">{formatMoney(v.price_cents)}</td>
              <td className="num">{v.cost_cents === null ? '—' : formatMoney(v.cost_cents)}</td>
              <td className="num">{v.kind === 'service' ? '—' : formatQty(v.stock_milli / 1000)}</td>
              <td>{v.active ? 'Ativo' : 'Inativo'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cfg-pager">
        <span className="muted" data-testid="products-range">
          {total === 0 ? '0 produtos' : `${offset + 1}–${Math.min(offset + PAGE_SIZE, total)} de ${total}`}
        </span>
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
          Anterior
        </button>
        <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
          Próxima
        </button>
      </div>
    </div>
  );
}
