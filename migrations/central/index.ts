import type { Migration } from 'kysely';
import { tenancy } from './0001_tenancy';
import { syncedTables } from './0002_synced_tables';
import { syncLog } from './0003_sync_log';
import { syncLogFactReference } from './0004_sync_log_fact_reference';
import { deviceColumns } from './0012_device_columns';
import { scheduling } from './0013_scheduling';
import { leads } from './0014_leads';
import { payments } from './0016_payments';
import { shapeNotify } from './0017_shape_notify';
import { uniqueMerges } from './0018_unique_merges';
import { apiKeys } from './0019_api_keys';
import { auditLog } from './0020_audit_log';
import { lgpd } from './0021_lgpd';
import { storeLogos } from './0026_store_logos';
import { pushBookkeeping } from './0027_push_bookkeeping';
import { syncLogLean } from './0028_sync_log_lean';

/**
 * Central (Postgres / PGlite) migrations, applied by the sync server at start with kysely's
 * Migrator (table `central_migrations`). Static index: names sort in application order; never
 * rename or remove an entry. 0001–0009 belong to the sync server issue.
 */
export const centralMigrations: Record<string, Migration> = {
  '0001_tenancy': tenancy,
  '0002_synced_tables': syncedTables,
  '0003_sync_log': syncLog,
  '0004_sync_log_fact_reference': syncLogFactReference,
  '0012_device_columns': deviceColumns,
  '0013_scheduling': scheduling,
  '0014_leads': leads,
  '0016_payments': payments,
  '0017_shape_notify': shapeNotify,
  '0018_unique_merges': uniqueMerges,
  '0019_api_keys': apiKeys,
  '0020_audit_log': auditLog,
  '0021_lgpd': lgpd,
  '0026_store_logos': storeLogos,
  '0027_push_bookkeeping': pushBookkeeping,
  '0028_sync_log_lean': syncLogLean,
};
