import type { Generated } from 'kysely';
import type { SchedulingTables } from '../scheduling/scheduling.tables';
import type { LeadTables } from '../leads/leads.tables';
import type { AuditTables } from '../audit/audit.tables';
import type { PaymentTables } from '../payments/payments.tables';
import type { LgpdTables } from '../lgpd/lgpd.tables';
import type { BackupTables } from '../backup/backup.tables';

/** Row types of the device database, as kysely sees them. Money is integer centavos. */
export interface StoresTable {
  id: string;
  code: string;
  name: string;
  cnpj: string | null;
  address: string | null;
  timezone: string;
  pix_key: string | null;
  city: string | null;
  receipt_width_mm: Generated<80 | 58>;
  created_at: string;
  updated_at: string;
}

/** The store's logo (migration 0030, synced): PNG/JPEG as base64, both null once removed. */
export interface StoreLogosTable {
  id: string;
  store_id: string;
  mime: 'image/png' | 'image/jpeg' | null;
  logo_base64: string | null;
  created_at: string;
  updated_at: string;
}

export interface RegistersTable {
  id: string;
  store_id: string;
  code: string;
  name: string;
  active: Generated<number>;
  created_at: string;
}

export interface UsersTable {
  id: string;
  name: string;
  login: string;
  role: string;
  pin_hash: string;
  active: Generated<number>;
  created_at: string;
  /** Raised when the user's sessions must end (deactivation, role change, PIN/password reset). */
  session_version: Generated<number>;
  /** scrypt of the password an owner or manager signs in with instead of the PIN. */
  password_hash: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface SyncOutboxTable {
  seq: Generated<number>;
  mutation_id: string;
  table_name: string;
  row_id: string;
  kind: 'insert' | 'update';
  payload: string;
  user_id: string | null;
  register_id: string | null;
  created_at: string;
  pushed_at: string | null;
  rejected_code: string | null;
  rejected_message: string | null;
}

/** This desktop's sync enrolment and the push loop's last outcome (migration 0013; local, never synced). */
export interface SyncDeviceTable {
  id: number;
  server_url: string;
  tenant_id: string;
  store_id: string;
  device_id: string;
  token: string;
  enrolled_at: string;
  last_attempt_at: string | null;
  last_push_at: string | null;
  connected: number;
  last_error_code: string | null;
  last_error_message: string | null;
}

export interface ProductsTable {
  id: string;
  external_id: string | null;
  name: string;
  category: string;
  brand: string | null;
  kind: 'goods' | 'service' | 'package';
  duration_minutes: number | null;
  /** Agenda (migration 0015): minutes held after the procedure, resources it needs (JSON ids). */
  buffer_minutes: Generated<number>;
  resource_ids: Generated<string>;
  /** A `package` names the procedure and how many sessions it gives. */
  package_procedure_id: string | null;
  package_sessions: number | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface VariantsTable {
  id: string;
  product_id: string;
  external_id: string;
  size: string | null;
  color: string | null;
  price_cents: number;
  cost_cents: number;
  sold_by_weight: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface BarcodesTable {
  code: string;
  variant_id: string;
  /** 0 once removed: the sync log has no deletes, so a removed code stays as an inactive row. */
  active: Generated<number>;
  created_at: string;
}

export interface SalespeopleTable {
  id: string;
  external_id: string;
  name: string;
  store_id: string;
  commission_rate_bp: number;
  monthly_target_cents: Generated<number>;
  user_id: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CustomersTable {
  id: string;
  external_id: string | null;
  name: string;
  cpf: string | null;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  address: string | null;
  preferences: string | null;
  acquisition_channel: string | null;
  created_at: string;
  updated_at: string;
}

export interface CommissionRulesTable {
  id: string;
  scope: 'variant' | 'product' | 'category' | 'salesperson';
  target: string;
  rate_bp: number;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SalesTable {
  id: string;
  external_id: string;
  number: string;
  seq: number;
  store_id: string;
  register_id: string | null;
  customer_id: string | null;
  salesperson_id: string | null;
  channel: string;
  occurred_at: string;
  subtotal_cents: number;
  line_discount_cents: number;
  order_discount_cents: number;
  total_cents: number;
  notes: string | null;
  created_by: string | null;
  created_at: string;
  /** Who approved a discount beyond the counter limit (migration 0013); null when none was needed. */
  discount_approved_by: string | null;
}

export interface SaleItemsTable {
  id: string;
  sale_id: string;
  line_no: number;
  variant_id: string;
  qty_milli: number;
  unit_price_cents: number;
  amount_cents: number;
  line_discount_cents: number;
  order_discount_cents: number;
  net_cents: number;
  unit_cost_cents: number;
  cost_cents: number;
  commission_rate_bp: number;
  commission_cents: number;
  margin_cents: number;
}

export interface SaleDiscountsTable {
  id: string;
  external_id: string | null;
  sale_id: string;
  amount_cents: number;
  /** JSON: [{ sale_item_id, amount_cents, commission_cents }] */
  allocations: string;
  created_by: string | null;
  created_at: string;
  /** Who approved a discount beyond the limit (migration 0013); null when none was needed. */
  approved_by: string | null;
}

export type PaymentMethod =
  'dinheiro' | 'pix' | 'cartao_credito' | 'cartao_debito' | 'boleto' | 'credito_loja' | 'crediario';

export interface PaymentsTable {
  id: string;
  external_id: string | null;
  sale_id: string;
  method: PaymentMethod;
  amount_cents: number;
  tendered_cents: number;
  change_cents: number;
  installments: number;
  register_id: string | null;
  cash_session_id: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
  /** Issue 17 (migration 0018): the fee copied when recorded, its rule and acquirer, card data. */
  fee_cents: Generated<number>;
  fee_rule_id: string | null;
  acquirer: string | null;
  card_brand: string | null;
  authorization_code: string | null;
  /** 1 = declined by the acquirer (imports): stored, never counted as paid. */
  declined: Generated<number>;
}

export interface CancellationsTable {
  id: string;
  external_id: string | null;
  sale_id: string;
  reason: string;
  refund_cents: number;
  cash_refund_cents: number;
  /** Store credit given back (the credit the sale spent); migration 0010. */
  store_credit_cents: Generated<number>;
  cash_session_id: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

export interface ReturnsTable {
  id: string;
  external_id: string | null;
  sale_id: string;
  reason: string;
  condition: 'revenda' | 'avariado';
  refund_method: 'dinheiro' | 'original' | 'credito_loja';
  refund_cents: number;
  /** The parts of refund_cents paid in cash and given as store credit; migration 0010. */
  cash_refund_cents: Generated<number>;
  store_credit_cents: Generated<number>;
  cash_session_id: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

export interface ReturnItemsTable {
  id: string;
  return_id: string;
  sale_item_id: string;
  qty_milli: number;
  refund_cents: number;
  commission_reversal_cents: number;
  margin_reversal_cents: number;
}

export interface FiscalDocumentsTable {
  id: string;
  sale_id: string;
  doc_type: 'NFE' | 'NFCE';
  fiscal_number: string;
  serie: string;
  cfop: string;
  nfe_key: string;
  issued_at: string;
  icms_cents: number;
  pis_cents: number;
  cofins_cents: number;
  total_tax_cents: number;
  created_by: string | null;
  created_at: string;
}

export type SaleStatus =
  | 'aguardando_pagamento'
  | 'aprovada'
  | 'completa'
  | 'cancelada'
  | 'parcialmente_reembolsada'
  | 'reembolsada'
  | 'em_disputa'
  | 'expirada'
  | 'recusada';

export interface SaleStatusHistoryTable {
  id: string;
  sale_id: string;
  from_status: SaleStatus | null;
  to_status: SaleStatus;
  reason: string | null;
  user_id: string | null;
  occurred_at: string;
  created_at: string;
}

export interface SaleStateTable {
  sale_id: string;
  status: SaleStatus;
  total_cents: number;
  paid_cents: number;
  change_cents: number;
  refunded_cents: number;
  net_cents: number;
  updated_at: string;
}

export type StockMovementKind = 'sale' | 'return' | 'cancellation' | 'receiving' | 'adjustment' | 'count';

export interface StockMovementsTable {
  id: string;
  variant_id: string;
  store_id: string;
  qty_milli: number;
  kind: StockMovementKind;
  reference_id: string | null;
  reason: string | null;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

/** Device-local carts set aside at the counter (not synced). */
export interface ParkedSalesTable {
  id: string;
  register_id: string | null;
  label: string;
  cart: string;
  item_count: number;
  total_cents: number;
  created_by: string | null;
  created_at: string;
}

/** Local projection of stock_movements, maintained by a trigger. */
export interface StockLevelsTable {
  variant_id: string;
  store_id: string;
  qty_milli: number;
}

export interface LoyaltyMovementsTable {
  id: string;
  external_id: string | null;
  customer_id: string;
  sale_id: string | null;
  kind: 'earn' | 'redeem' | 'reversal';
  points: number;
  /** A reversal's points the customer had already spent (balances never go below zero); 0010. */
  unreversed_points: Generated<number>;
  occurred_at: string;
  created_by: string | null;
  created_at: string;
}

export interface CashSessionsTable {
  id: string;
  register_id: string;
  opening_float_cents: number;
  opened_by: string | null;
  opened_at: string;
}

export interface CashMovementsTable {
  id: string;
  session_id: string;
  kind: 'suprimento' | 'sangria';
  amount_cents: number;
  reason: string;
  /** Who approved a sangria above `cash.sangria_approval_above_cents` (null: none needed); 0010. */
  approved_by: string | null;
  created_by: string | null;
  created_at: string;
}

export interface CashClosingsTable {
  id: string;
  session_id: string;
  register_id: string;
  number: number;
  /** JSON of the Z report, exactly as hashed. */
  report: string;
  expected_cash_cents: number;
  counted_cash_cents: number;
  difference_cents: number;
  approved_by: string | null;
  closed_by: string | null;
  closed_at: string;
  prev_hash: string;
  hash: string;
}

export interface Database extends SchedulingTables, LeadTables, PaymentTables, AuditTables, LgpdTables, BackupTables {
  stores: StoresTable;
  store_logos: StoreLogosTable;
  registers: RegistersTable;
  users: UsersTable;
  settings: SettingsTable;
  sync_outbox: SyncOutboxTable;
  sync_device: SyncDeviceTable;
  products: ProductsTable;
  variants: VariantsTable;
  barcodes: BarcodesTable;
  salespeople: SalespeopleTable;
  customers: CustomersTable;
  commission_rules: CommissionRulesTable;
  sales: SalesTable;
  sale_items: SaleItemsTable;
  sale_discounts: SaleDiscountsTable;
  payments: PaymentsTable;
  cancellations: CancellationsTable;
  returns: ReturnsTable;
  return_items: ReturnItemsTable;
  fiscal_documents: FiscalDocumentsTable;
  sale_status_history: SaleStatusHistoryTable;
  sale_state: SaleStateTable;
  stock_movements: StockMovementsTable;
  stock_levels: StockLevelsTable;
  parked_sales: ParkedSalesTable;
  loyalty_movements: LoyaltyMovementsTable;
  cash_sessions: CashSessionsTable;
  cash_movements: CashMovementsTable;
  cash_closings: CashClosingsTable;
}
