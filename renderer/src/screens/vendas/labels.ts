import type { OpOutput } from '../../../../app/contract/operations';
import { roleHas, type Role } from '../../../../app/auth/roles';

export type SaleRow = OpOutput<'sales.query'>['sales'][number];
export type SaleTotals = NonNullable<OpOutput<'sales.query'>['totals']>;
export type SaleStatus = SaleRow['status'];
export type SaleDetailData = OpOutput<'sales.get'>;

export const STATUS_LABELS: Record<SaleStatus, string> = {
  aguardando_pagamento: 'Aguardando pagamento',
  aprovada: 'Aprovada (aguarda nota)',
  completa: 'Concluída',
  cancelada: 'Cancelada',
  parcialmente_reembolsada: 'Parcialmente reembolsada',
  reembolsada: 'Reembolsada',
  em_disputa: 'Em disputa (chargeback)',
  expirada: 'Expirada',
  recusada: 'Recusada',
};

/** The list's narrow status column; the detail and the filter use the full labels. */
export const SHORT_STATUS_LABELS: Record<SaleStatus, string> = {
  aguardando_pagamento: 'Aguardando pgto.',
  aprovada: 'Aprovada',
  completa: 'Concluída',
  cancelada: 'Cancelada',
  parcialmente_reembolsada: 'Parc. reembolsada',
  reembolsada: 'Reembolsada',
  em_disputa: 'Em disputa',
  expirada: 'Expirada',
  recusada: 'Recusada',
};

/** Payment methods as the list shows them, where a column is narrow. */
export const SHORT_METHOD_LABELS: Record<SaleRow['payment_methods'][number], string> = {
  dinheiro: 'Dinheiro',
  pix: 'PIX',
  cartao_credito: 'Crédito',
  cartao_debito: 'Débito',
  boleto: 'Boleto',
  credito_loja: 'Créd. loja',
  crediario: 'Crediário',
};

export const STATUSES = Object.keys(STATUS_LABELS) as SaleStatus[];

export const CONDITION_LABELS = { revenda: 'Volta para revenda', avariado: 'Avariado (não volta ao estoque)' } as const;
export type ReturnCondition = keyof typeof CONDITION_LABELS;

export const REFUND_LABELS = {
  original: 'Na forma de pagamento original',
  dinheiro: 'Em dinheiro',
  credito_loja: 'Crédito da loja',
} as const;
export type RefundMethod = keyof typeof REFUND_LABELS;

/** What the detail offers: the user's role must allow it and so must the sale's status. */
export function saleActions(sale: SaleDetailData, role: Role | undefined) {
  const can = (p: Parameters<typeof roleHas>[1]) => role !== undefined && roleHas(role, p);
  const returnable = sale.items.some((i) => i.qty_milli > i.returned_milli);
  return {
    cancel: can('sales.cancel') && sale.status !== 'cancelada' && sale.returns.length === 0,
    return:
      can('sales.return') &&
      returnable &&
      (sale.status === 'aprovada' || sale.status === 'completa' || sale.status === 'parcialmente_reembolsada'),
    // sales.fiscal and sales.pay are granted with sales.register.
    fiscal: can('sales.register') && sale.status !== 'cancelada' && sale.fiscal.length === 0,
    pay: can('sales.register') && sale.status === 'aguardando_pagamento',
  };
}
