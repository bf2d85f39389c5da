/** Row types of the backup table (device migration 0021); joined into `Database` in app/db/schema.ts. */
export interface BackupsTable {
  id: string;
  /** Absolute path of the backup file. */
  file: string;
  /** SHA-256 (hex) of the file as written and checked. */
  sha256: string;
  bytes: number;
  trigger: 'automatico' | 'manual' | 'cli';
  taken_at: string;
}

export interface BackupTables {
  backups: BackupsTable;
}
