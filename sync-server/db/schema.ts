import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** Kysely types of the central bookkeeping tables (synced tables are written with raw SQL). */
export interface CentralDb {
  tenants: { id: string; name: string; created_at: Timestamp };
  tenant_stores: { tenant_id: string; id: string; name: string; enrolled_at: Timestamp };
  devices: {
    tenant_id: string;
    id: string;
    store_id: string;
    name: string;
    token_hash: string;
    last_device_seq: Generated<number>;
    enrolled_at: Timestamp;
    last_push_at: NullableTimestamp;
    revoked_at: NullableTimestamp;
  };
  enrolment_codes: {
    code_hash: string;
    tenant_id: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    used_at: NullableTimestamp;
    used_by_device: string | null;
  };
  sync_counters: { tenant_id: string; last_seq: Generated<number>; has_merges: Generated<boolean> };
  api_keys: {
    tenant_id: string;
    id: string;
    key_hash: string;
    created_at: Timestamp;
    last_used_at: NullableTimestamp;
    revoked_at: NullableTimestamp;
  };
  sync_log: {
    tenant_id: string;
    seq: number;
    table_name: string;
    row_id: string;
    op: 'insert' | 'update' | 'merge';
    columns: unknown;
    mutation_id: string;
    store_id: string;
    device_id: string;
    /** The device's sequence number of the mutation (central 0027; NULL only if never recorded). */
    device_seq: number | null;
    applied_at: Timestamp;
  };
  /** Mutation ids refused one by one (central 0027); applied ones are found in `sync_log`. */
  rejected_mutations: {
    tenant_id: string;
    mutation_id: string;
    device_id: string;
    device_seq: number;
    reject_code: string;
    reject_reason: string;
    rejected_at: Timestamp;
  };
}
