import { z } from 'zod';
import {
  BOUNDS,
  centsSchema,
  identifier,
  nonNegativeQuantity,
  optionalText,
  positiveQuantity,
  quantity,
  text,
} from '../contract/schemas';
import { skuSchema } from '../catalog/catalog.schemas';

/** A quantity as typed (may be fractional for goods sold by weight), at most 3 decimals. */
const qtySchema = quantity;

const itemRef = {
  variant_id: identifier().optional(),
  sku: skuSchema.optional(),
};

const oneItem = (v: { variant_id?: string; sku?: string }) => (v.variant_id === undefined) !== (v.sku === undefined);
const oneItemMessage = { message: 'Informe o SKU ou o id da variante (apenas um dos dois).', path: ['sku'] };

export const receiveStockSchema = z
  .object({
    ...itemRef,
    qty: positiveQuantity,
    /** What one unit cost in this receiving, in centavos: becomes the variant's current cost. */
    unit_cost: centsSchema.nonnegative({ message: 'O custo não pode ser negativo.' }).optional(),
    reason: optionalText,
  })
  .refine(oneItem, oneItemMessage);

export const adjustStockSchema = z
  .object({
    ...itemRef,
    qty: qtySchema.refine((q) => q !== 0, { message: 'O ajuste não pode ser zero.' }),
    reason: text(BOUNDS.textChars).min(3, { message: 'Informe o motivo do ajuste.' }),
  })
  .refine(oneItem, oneItemMessage);

export const countStockSchema = z
  .object({
    ...itemRef,
    counted_qty: nonNegativeQuantity,
    reason: optionalText,
  })
  .refine(oneItem, oneItemMessage);

export const getStockSchema = z.object({
  sku: skuSchema,
  limit: z.number().int().min(1).max(200).default(20),
});

export type StockItemRef = { variant_id?: string; sku?: string };
