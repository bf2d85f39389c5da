import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { buildPixPayload, fitPixText, PIX_MAX_CITY, PIX_MAX_NAME } from '../br/pix';
import { resolveStore } from '../sales/sale.refs';

interface PixStore {
  name: string;
  city: string | null;
  pix_key: string | null;
}

/**
 * The static "copia e cola" for an exact amount. The txid stays "***" (no identifier): the QR shown
 * before the sale exists and the one printed on its receipt must be the same code.
 */
export function storePixPayload(store: PixStore, amountCents: number): string | null {
  if (!store.pix_key || !store.city || amountCents <= 0) return null;
  return buildPixPayload({
    key: store.pix_key,
    amountCents,
    merchantName: fitPixText(store.name, PIX_MAX_NAME) || 'LOJA',
    merchantCity: fitPixText(store.city, PIX_MAX_CITY) || 'BRASIL',
  });
}

export function pixCharge(ctx: Context, amountCents: number) {
  const store = resolveStore(ctx, undefined);
  if (!store.pix_key) {
    throw new AppError(
      'pix_key_missing',
      `Store ${store.code} has no PIX key`,
      'Cadastre a chave PIX da loja em Configurações para receber por PIX com QR code.',
    );
  }
  if (!store.city) {
    throw new AppError(
      'pix_city_missing',
      `Store ${store.code} has no city for the PIX code`,
      'Informe a cidade da loja em Configurações: ela faz parte do QR code PIX.',
    );
  }
  const payload = storePixPayload(store, amountCents);
  if (!payload) throw new Error('unreachable: key, city and amount were checked');
  return { payload, key: store.pix_key, amount_cents: amountCents };
}
