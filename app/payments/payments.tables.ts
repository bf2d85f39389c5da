/** Row types of the payment tables (device migration 0018, issue 17). Money in centavos. */
export type FeeMethod = 'pix' | 'cartao_credito' | 'cartao_debito' | 'boleto';
export type InstallmentStatus = 'aberta' | 'paga' | 'cancelada';
export type ReceiptMethod = 'dinheiro' | 'pix' | 'cartao_credito' | 'cartao_debito';

export interface PaymentFeeRulesTable {
  id: string;
  method: FeeMethod;
  min_installments: number;
  max_installments: number;
  rate_bp: number;
  fixed_cents: number;
  acquirer: string;
  settlement_days: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface PaymentSettlementsTable {
  id: string;
  payment_id: string;
  sale_id: string;
  method: string;
  acquirer: string | null;
  installment_number: number;
  /** YYYY-MM-DD */
  expected_on: string;
  gross_cents: number;
  fee_cents: number;
  net_cents: number;
  created_at: string;
}

export interface CrediarioInstallmentsTable {
  id: string;
  sale_id: string;
  payment_id: string;
  customer_id: string;
  number: number;
  count: number;
  /** YYYY-MM-DD */
  due_date: string;
  principal_cents: number;
  amount_cents: number;
  status: InstallmentStatus;
  paid_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface InstallmentReceiptsTable {
  id: string;
  external_id: string | null;
  installment_id: string;
  sale_id: string;
  method: ReceiptMethod;
  amount_cents: number;
  fine_cents: number;
  interest_cents: number;
  total_cents: number;
  tendered_cents: number;
  change_cents: number;
  fee_cents: number;
  days_late: number;
  register_id: string | null;
  cash_session_id: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

export interface ChargebacksTable {
  id: string;
  external_id: string | null;
  sale_id: string;
  payment_id: string | null;
  amount_cents: number;
  reason: string;
  previous_status: string;
  outcome: 'ganha' | 'perdida' | null;
  return_id: string | null;
  resolved_at: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SaleExpirationsTable {
  id: string;
  sale_id: string;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

export interface CrediarioLimitsTable {
  /** The customer's id. */
  id: string;
  limit_cents: number;
  created_at: string;
  updated_at: string;
}

export interface PaymentTables {
  payment_fee_rules: PaymentFeeRulesTable;
  payment_settlements: PaymentSettlementsTable;
  crediario_installments: CrediarioInstallmentsTable;
  installment_receipts: InstallmentReceiptsTable;
  chargebacks: ChargebacksTable;
  sale_expirations: SaleExpirationsTable;
  crediario_limits: CrediarioLimitsTable;
}
