import type { Generated } from 'kysely';

/** Row types of the device database, as kysely sees them. Money is integer centavos. */
export interface StoresTable {
  id: string;
  code: string;
  name: string;
  cnpj: string | null;
  address: string | null;
  timezone: string;
  pix_key: string | null;
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
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  stores: StoresTable;
  registers: RegistersTable;
  users: UsersTable;
  settings: SettingsTable;
}
