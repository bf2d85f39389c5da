import { formatCnpj as formatCnpjDigits } from '../../app/br/cnpj';
import type { PaymentMethod } from '../../app/db/schema';
import { formatBRL } from '../../app/money/money';
import { formatDateBR } from '../../app/br/date-br';

export type { PaymentMethod };

/** Centavos → "R$ 12,34": money stays an integer everywhere but here. */
export const formatMoney = formatBRL;

/**
 * What a cashier types → centavos: "10", "10,5", "1.234,56", "R$ 7,00". null when it is not
 * a non-negative amount with at most two decimals.
 */
export function parseMoney(text: string): number | null {
  const clean = text.replace(/R\$|\s/g, '');
  if (!/^\d{1,3}(\.\d{3})*(,\d{0,2})?$|^\d+(,\d{0,2})?$/.test(clean)) return null;
  const [whole = '0', frac = ''] = clean.replace(/\./g, '').split(',');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Centavos → "12,34", for prefilling an amount field. */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2).replace('.', ',');
}

/** "1,5" or "2" → 1.5 / 2; null when not a number. */
export function parseQty(text: string): number | null {
  const clean = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

export function formatQty(qty: number): string {
  return qty.toLocaleString('pt-BR', { maximumFractionDigits: 3 });
}

/** A stored calendar date `2026-11-30` → "30/11/2026" (the core's one date formatter). */
export const formatDate = formatDateBR;

/** An instant shown in the store's time zone, the way a receipt prints it. */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('pt-BR', {
    dateStyle: 'short',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

export const METHOD_LABELS = {
  dinheiro: 'Dinheiro',
  pix: 'PIX',
  cartao_debito: 'Cartão de débito',
  cartao_credito: 'Cartão de crédito',
  boleto: 'Boleto',
  credito_loja: 'Crédito da loja',
  crediario: 'Crediário',
} as const satisfies Record<PaymentMethod, string>;

/** Every payment method, in the order the selects list them (crediário has its own fields). */
export const PAYMENT_METHOD_LIST = (Object.keys(METHOD_LABELS) as PaymentMethod[]).filter((m) => m !== 'crediario');

/** 14 digits → 11.222.333/0001-81; anything else as stored. */
export function formatCnpj(cnpj: string): string {
  const d = cnpj.replace(/\D/g, '');
  return d.length === 14 ? formatCnpjDigits(d) : cnpj;
}

export function fiscalDocLabel(docType: 'NFE' | 'NFCE'): string {
  return docType === 'NFCE' ? 'NFC-e' : 'NF-e';
}

/** The 44-digit access key in groups of four, as DANFEs print it. */
export function formatNfeKey(key: string): string {
  return key.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "Tênis Corrida 42 Azul": the product's name with the variant's size and color, when set. */
export function variantLabel(v: { name: string; size: string | null; color: string | null }, separator = ' '): string {
  return [v.name, v.size, v.color].filter(Boolean).join(separator);
}

/**
 * "1 item", "2 itens", "0 itens": a count with the word that agrees with it (pt-BR uses the
 * singular for exactly one). `plural` defaults to the singular + "s".
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? singular : plural}`;
}

/** A rate in basis points as pt-BR text: 1000 → "10%", 1250 → "12,5%". */
export function formatBp(bp: number): string {
  return `${(bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;
}
