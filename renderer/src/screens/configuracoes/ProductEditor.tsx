import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api';
import { errorOf } from '../../api-errors';
import { ProductForm, type Variant } from './ProductForm';
import { StockPanel } from './StockPanel';

export type EditTarget = { kind: 'new'; copyOf?: Variant } | { kind: 'existing'; variantId: string };

interface ProductEditorProps {
  target: EditTarget;
  canEdit: boolean;
  canStock: boolean;
  onTarget: (t: EditTarget) => void;
  onClose: () => void;
}

/** A variant's form next to its stock; Esc goes back to the list. */
export function ProductEditor({ target, canEdit, canStock, onTarget, onClose }: ProductEditorProps) {
  const [variant, setVariant] = useState<Variant | null>(null);
  const [loadError, setLoadError] = useState('');
  const [saved, setSaved] = useState('');
  const [version, setVersion] = useState(0);
  const variantId = target.kind === 'existing' ? target.variantId : null;

  const load = useCallback(async () => {
    if (!variantId) return;
    try {
      setVariant(await call('catalog.get', { variant_id: variantId }));
    } catch (e) {
      setLoadError(errorOf(e).message);
    }
  }, [variantId]);

  useEffect(() => {
    setVariant(null);
    void load();
  }, [load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="dialog"]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  function reload(restartForm: boolean) {
    // The form restarts from what was stored (the barcodes just added, a cost from a receiving).
    void load().then(() => restartForm && setVersion((n) => n + 1));
  }

  function onSaved(id: string, created: boolean) {
    setSaved(created ? 'Produto cadastrado.' : 'Produto salvo.');
    if (id === variantId) reload(true);
    else onTarget({ kind: 'existing', variantId: id });
  }

  return (
    <div className="cfg-editor">
      <div className="cfg-toolbar">
        <button type="button" onClick={onClose}>
          Voltar à lista (Esc)
        </button>
        {variant && canEdit && (
          <button
            type="button"
            onClick={() => {
              setSaved('');
              onTarget({ kind: 'new', copyOf: variant });
            }}
          >
            Nova variante deste produto
          </button>
        )}
        {saved && (
          <p className="cfg-saved" role="status">
            {saved}
          </p>
        )}
      </div>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {target.kind === 'new' ? (
        <ProductForm
          key={`new-${target.copyOf?.variant_id ?? ''}`}
          seed={{ copyOf: target.copyOf }}
          canEdit={canEdit}
          onSaved={onSaved}
        />
      ) : (
        variant && (
          <div className="cfg-split">
            <ProductForm
              key={`${variant.variant_id}-${version}`}
              seed={{ variant }}
              canEdit={canEdit}
              onSaved={onSaved}
              onBarcodeRemoved={() => {
                setSaved('Código de barras removido.');
                reload(true);
              }}
            />
            {canStock && variant.kind === 'goods' && <StockPanel variant={variant} onChanged={reload} />}
          </div>
        )
      )}
    </div>
  );
}
