import { useState, type FormEvent } from 'react';
import { splitBarcodeList } from '../../../../app/catalog/barcode-list';
import type { OpOutput } from '../../../../app/contract/operations';
import { call } from '../../api';
import { errorOf, localError, messageFor } from '../../api-errors';
import { Field } from '../../components/Field';
import { useForm } from '../../components/useForm';
import { centsToInput, parseMoney } from '../../format';
import { CheckField } from './CheckField';
import { FormStatus } from './FormStatus';
import { initialProcedure, ProcedureFields, procedurePayload } from './ProcedureFields';
import { SelectField } from './SelectField';

export type Variant = OpOutput<'catalog.get'>;

/** What the form starts from: a stored variant, or product fields to copy into a new variant. */
type ProductSeed = { variant: Variant } | { copyOf?: Variant };

const KINDS = [
  ['goods', 'Mercadoria'],
  ['service', 'Serviço'],
] as const;

function initialValues(seed: ProductSeed) {
  const v = 'variant' in seed ? seed.variant : undefined;
  const base = 'variant' in seed ? seed.variant : seed.copyOf;
  return {
    external_id: v?.sku ?? '',
    product_external_id: base?.product_external_id ?? '',
    name: base?.name ?? '',
    category: base?.category ?? '',
    brand: base?.brand ?? '',
    kind: base?.kind ?? 'goods',
    size: v?.size ?? '',
    color: v?.color ?? '',
    price: v ? centsToInput(v.price_cents) : '',
    cost: v && v.cost_cents !== null ? centsToInput(v.cost_cents) : '',
    new_barcodes: '',
  };
}

interface ProductFormProps {
  seed: ProductSeed;
  canEdit: boolean;
  onSaved: (variantId: string, created: boolean) => void;
  /** A barcode was taken off the variant: the editor reloads it. */
  onBarcodeRemoved?: () => void;
}

/** One variant and its product; barcodes are added here and removed one by one. */
export function ProductForm({ seed, canEdit, onSaved, onBarcodeRemoved }: ProductFormProps) {
  const existing = 'variant' in seed ? seed.variant : undefined;
  const form = useForm(initialValues(seed));
  // A product's fields, "Vendido por peso" among them, carry over to a new variant of it.
  const base = existing ?? ('copyOf' in seed ? seed.copyOf : undefined);
  const [soldByWeight, setSoldByWeight] = useState(base?.sold_by_weight ?? false);
  const [active, setActive] = useState(existing?.active ?? true);
  // A service's agenda fields (issue 11): duration, buffer after it, resources it needs.
  const [procedure, setProcedure] = useState(() => initialProcedure(base?.duration_minutes));
  const { values } = form;
  const [removeError, setRemoveError] = useState('');

  async function removeCode(code: string) {
    setRemoveError('');
    try {
      await call('catalog.removeBarcode', { code });
      onBarcodeRemoved?.();
    } catch (e) {
      setRemoveError(errorOf(e).message);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void form.submit(async () => {
      const price = parseMoney(values.price);
      if (price === null || price === 0) throw localError('unit_price', 'Informe um preço maior que zero, ex.: 12,90.');
      const cost = values.cost.trim() === '' ? undefined : parseMoney(values.cost);
      if (cost === null) throw localError('unit_cost', 'Custo inválido, ex.: 7,50.');
      const added = splitBarcodeList(values.new_barcodes);
      const planned = values.kind === 'service' ? procedurePayload(procedure) : null;
      if (planned && 'error' in planned) throw localError(planned.field, planned.error);
      const agenda = planned ?? {};
      const { id, created } = await call('catalog.upsertProduct', {
        external_id: values.external_id,
        product_external_id: values.product_external_id.trim() || undefined,
        name: values.name,
        category: values.category,
        brand: values.brand,
        kind: values.kind === 'service' ? 'service' : 'goods',
        size: values.size,
        color: values.color,
        unit_price: price,
        unit_cost: cost,
        barcodes: [...(existing?.barcodes ?? []), ...added],
        sold_by_weight: values.kind === 'service' ? false : soldByWeight,
        active,
        ...agenda,
      });
      onSaved(id, created);
    });
  }

  const barcodeError = messageFor(form.error, 'barcodes', { barcode_taken: 'barcodes' });
  return (
    <form className="cfg-form panel" onSubmit={onSubmit} aria-label="Produto">
      <h2>{existing ? `Produto ${existing.sku}` : 'Novo produto'}</h2>
      <fieldset disabled={!canEdit} className="cfg-plain">
        <div className="cfg-grid">
          <Field label="SKU" {...form.bind('external_id')} error={form.fieldError('external_id')} autoFocus />
          <Field
            label="Código do produto (agrupa variantes; opcional)"
            {...form.bind('product_external_id')}
            error={form.fieldError('product_external_id')}
          />
          <Field label="Nome do produto" {...form.bind('name')} error={form.fieldError('name')} />
          <Field label="Categoria" {...form.bind('category')} error={form.fieldError('category')} />
          <Field label="Marca (opcional)" {...form.bind('brand')} error={form.fieldError('brand')} />
          <SelectField label="Tipo" options={KINDS} {...form.bind('kind')} error={form.fieldError('kind')} />
          <Field label="Tamanho (opcional)" {...form.bind('size')} error={form.fieldError('size')} />
          <Field label="Cor (opcional)" {...form.bind('color')} error={form.fieldError('color')} />
          <Field
            label="Preço de venda (R$)"
            inputMode="decimal"
            {...form.bind('price')}
            error={form.fieldError('unit_price')}
          />
          <Field
            label="Custo (R$, opcional)"
            inputMode="decimal"
            {...form.bind('cost')}
            error={form.fieldError('unit_cost')}
          />
        </div>
        {existing && existing.barcodes.length > 0 && (
          <p className="cfg-barcodes" aria-label="Códigos de barras cadastrados">
            Códigos de barras:{' '}
            {existing.barcodes.map((c) => (
              <span key={c} className="cfg-barcode">
                <code>{c}</code>
                {canEdit && (
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remover código ${c}`}
                    onClick={() => void removeCode(c)}
                  >
                    ×
                  </button>
                )}
              </span>
            ))}
          </p>
        )}
        {removeError && (
          <p className="error" role="alert">
            {removeError}
          </p>
        )}
        <Field
          label="Adicionar códigos de barras (separe por espaço)"
          {...form.bind('new_barcodes')}
          error={barcodeError}
        />
        {values.kind === 'service' && (
          <ProcedureFields
            productExternalId={existing?.product_external_id ?? null}
            value={procedure}
            onChange={setProcedure}
            errors={{ duration: form.fieldError('duration_minutes'), buffer: form.fieldError('buffer_minutes') }}
          />
        )}
        {values.kind !== 'service' && (
          <CheckField
            label="Vendido por peso (quantidade fracionada)"
            checked={soldByWeight}
            onChange={setSoldByWeight}
            error={form.fieldError('sold_by_weight')}
          />
        )}
        <CheckField label="Ativo (aparece no PDV)" checked={active} onChange={setActive} />
      </fieldset>
      <FormStatus error={form.error?.error.code === 'barcode_taken' ? null : form.error} />
      {canEdit && (
        <button type="submit" className="primary" disabled={form.busy}>
          Salvar produto
        </button>
      )}
    </form>
  );
}
