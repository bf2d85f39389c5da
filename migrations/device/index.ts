import type { Migration } from 'kysely';
import { foundation } from './0001_foundation';
import { salesCore } from './0002_sales_core';
import { catalogSearch } from './0003_catalog_search';
import { stockLevels } from './0004_stock_levels';
import { parkedSales } from './0005_parked_sales';
import { salesQueryIndexes } from './0006_sales_query_indexes';
import { storeSettings } from './0007_store_settings';
import { barcodeRemoval } from './0008_barcode_removal';
import { userSessions } from './0009_user_sessions';
import { refundBalances } from './0010_refund_balances';
import { syncDevice } from './0013_sync_device';
import { scheduling } from './0015_scheduling';
import { leads } from './0016_leads';
import { analytics } from './0017_analytics';
import { payments } from './0018_payments';
import { syncShapes } from './0019_sync_shapes';
import { auditLog } from './0020_audit_log';
import { trust } from './0021_trust';
import { syncMerges } from './0022_sync_merges';
import { analyticsLedgerIndexes } from './0025_analytics_ledger_indexes';
import { analyticsDayCache } from './0026_analytics_day_cache';
import { paymentFeeIndexes } from './0027_payment_fee_indexes';
import { storeLogos } from './0030_store_logos';
import { syncDirtySales } from './0032_sync_dirty_sales';
import { syncFirstSync } from './0033_sync_first_sync';
import { reportExportColumns } from './0034_report_export_columns';
import { customersNameCover } from './0035_customers_name_cover';

/** Static index: names sort in application order. Never rename or remove an entry. */
export const deviceMigrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_sales_core': salesCore,
  '0003_catalog_search': catalogSearch,
  '0004_stock_levels': stockLevels,
  '0005_parked_sales': parkedSales,
  '0006_sales_query_indexes': salesQueryIndexes,
  '0007_store_settings': storeSettings,
  '0008_barcode_removal': barcodeRemoval,
  '0009_user_sessions': userSessions,
  '0010_refund_balances': refundBalances,
  '0013_sync_device': syncDevice,
  '0015_scheduling': scheduling,
  '0016_leads': leads,
  '0017_analytics': analytics,
  '0018_payments': payments,
  '0019_sync_shapes': syncShapes,
  '0020_audit_log': auditLog,
  '0021_trust': trust,
  '0022_sync_merges': syncMerges,
  '0025_analytics_ledger_indexes': analyticsLedgerIndexes,
  '0026_analytics_day_cache': analyticsDayCache,
  '0027_payment_fee_indexes': paymentFeeIndexes,
  '0030_store_logos': storeLogos,
  '0032_sync_dirty_sales': syncDirtySales,
  '0033_sync_first_sync': syncFirstSync,
  '0034_report_export_columns': reportExportColumns,
  '0035_customers_name_cover': customersNameCover,
};
