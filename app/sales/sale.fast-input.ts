import { BOUNDS, isPlainLine, percentToBpExact } from '../contract/schemas';
import { isoDateTime, PAYMENT_METHODS, type RegisterSaleInput } from './sale.schemas';

/**
 * A shortcut past zod for the common counter sale (issue 9 item 14: zod's generic, megamorphic
 * walk cost ~0.06 ms of every `sales.register`). It only ever ACCEPTS: it returns what
 * `registerSaleSchema.parse` would return — the same keys in the same order, a present key with
 * `undefined` kept, `channel` defaulting to 'PDV' and upper-cased, `payments` to [] — for inputs
 * it can prove valid with stricter rules (whole quantities, strings already trimmed and free of
 * control characters, no approval, crediário or card extras), and undefined for
 * anything else, which zod then parses: every refusal, its message and code come from zod.
 * `sale.fast-input.test.ts` checks the two agree on generated inputs.
 */
export function fastRegisterSaleInput(raw: unknown): RegisterSaleInput | undefined {
  if (!isPlainObject(raw)) return undefined;
  for (const key in raw) if (!Object.hasOwn(SALE_KEYS, key)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of ID_KEYS) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    if (value === undefined && key !== 'external_id') out[key] = undefined;
    else if (isSimpleLine(value, BOUNDS.idChars, 1)) out[key] = value;
    else return undefined;
  }
  if (!Object.hasOwn(out, 'external_id')) return undefined;
  const channel = raw.channel;
  if (channel === undefined) out.channel = 'PDV';
  else if (isSimpleLine(channel, 30, 0)) out.channel = channel.toUpperCase();
  else return undefined;
  // An import's instant: zod's own check of the one field (it returns the text unchanged).
  if (!copyOptional(raw, out, 'occurred_at', (v) => isoDateTime.safeParse(v).success)) return undefined;
  const items = fastItems(raw.items);
  if (!items) return undefined;
  out.items = items;
  if (!copyOptional(raw, out, 'discount_amount', isCentavos)) return undefined;
  if (!copyOptional(raw, out, 'discount_percentage', isPercentage)) return undefined;
  if (out.discount_amount !== undefined && out.discount_percentage !== undefined) return undefined;
  const payments = raw.payments === undefined ? [] : fastPayments(raw.payments);
  if (!payments) return undefined;
  out.payments = payments;
  if (!copyOptional(raw, out, 'notes', (v) => isSimpleLine(v, BOUNDS.textChars, 0))) return undefined;
  return out as RegisterSaleInput;
}

/** The keys the shortcut knows, and the optional identifiers in the schema's order. */
const SALE_KEYS = {
  external_id: 1,
  customer_external_id: 1,
  customer_id: 1,
  salesperson_external_id: 1,
  location_external_id: 1,
  register: 1,
  channel: 1,
  occurred_at: 1,
  items: 1,
  discount_amount: 1,
  discount_percentage: 1,
  payments: 1,
  notes: 1,
} as const;
const ID_KEYS = [
  'external_id',
  'customer_external_id',
  'customer_id',
  'salesperson_external_id',
  'location_external_id',
  'register',
] as const;
const ITEM_KEYS = { variant_external_id: 1, qty: 1, unit_price: 1, discount_amount: 1 } as const;
const PAYMENT_KEYS = { method: 1, amount: 1, installments: 1 } as const;
/** Crediário needs its first due date (a field the shortcut leaves to zod). */
const METHODS: ReadonlySet<string> = new Set(PAYMENT_METHODS.filter((m) => m !== 'crediario'));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A string of min..max characters that trimming leaves alone, with no control character. */
function isSimpleLine(value: unknown, max: number, min: number): value is string {
  return (
    typeof value === 'string' &&
    value.length <= max &&
    value.length >= min &&
    (value.length === 0 || value.trim() === value) &&
    isPlainLine(value)
  );
}

function isCentavos(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= BOUNDS.maxCents;
}

function isPositiveCentavos(value: unknown): boolean {
  return isCentavos(value) && (value as number) > 0;
}

function isPercentage(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 100 && percentToBpExact(value) !== null;
}

/** Copies an optional key when present: undefined as undefined, else a value `valid` accepts. */
function copyOptional(
  raw: Record<string, unknown>,
  out: Record<string, unknown>,
  key: string,
  valid: (value: unknown) => boolean,
): boolean {
  if (!Object.hasOwn(raw, key)) return true;
  const value = raw[key];
  if (value !== undefined && !valid(value)) return false;
  out[key] = value;
  return true;
}

/** zod's arrays are made with `Array(length)` (holey): the same kind here, so callers see one. */
function fastItems(value: unknown): unknown[] | undefined {
  if (!Array.isArray(value) || value.length < 1 || value.length > 500) return undefined;
  const items: unknown[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!isPlainObject(item)) return undefined;
    for (const key in item) if (!Object.hasOwn(ITEM_KEYS, key)) return undefined;
    const sku = item.variant_external_id;
    const qty = item.qty;
    if (!isSimpleLine(sku, BOUNDS.idChars, 1)) return undefined;
    if (!Number.isSafeInteger(qty) || (qty as number) < 1 || (qty as number) > BOUNDS.maxQty) return undefined;
    const out: Record<string, unknown> = { variant_external_id: sku, qty };
    if (!copyOptional(item, out, 'unit_price', isPositiveCentavos)) return undefined;
    if (!copyOptional(item, out, 'discount_amount', isCentavos)) return undefined;
    items[i] = out;
  }
  return items;
}

function fastPayments(value: unknown): unknown[] | undefined {
  if (!Array.isArray(value) || value.length > 20) return undefined;
  const payments: unknown[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const payment: unknown = value[i];
    if (!isPlainObject(payment)) return undefined;
    for (const key in payment) if (!Object.hasOwn(PAYMENT_KEYS, key)) return undefined;
    const method = payment.method;
    if (typeof method !== 'string' || !METHODS.has(method)) return undefined;
    if (!isPositiveCentavos(payment.amount)) return undefined;
    const out: Record<string, unknown> = { method, amount: payment.amount };
    if (Object.hasOwn(payment, 'installments')) {
      const n = payment.installments;
      const valid = n === undefined || (Number.isSafeInteger(n) && (n as number) >= 1 && (n as number) <= 12);
      if (!valid) return undefined;
      // Installments only on credit card (crediário never comes here).
      if (n !== undefined && n !== 1 && method !== 'cartao_credito') return undefined;
      out.installments = n;
    }
    payments[i] = out;
  }
  return payments;
}
