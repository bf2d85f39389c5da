import { sql, type Kysely } from 'kysely';

/** Runs central DDL statements one at a time (PGlite's extended protocol takes one per query). */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}

/** The role every tenant request runs as (`SET LOCAL ROLE`): not the owner, so RLS applies. */
export const APP_ROLE = 'balcao_sync_app';

/**
 * Row-level security for one tenant table: the app role sees and writes only the rows of the
 * tenant named by `SET LOCAL app.tenant_id`; without the setting it sees nothing.
 * Every central table with a `tenant_id` must get these (a test checks it).
 */
export function tenantPolicy(table: string, column = 'tenant_id'): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_tenant ON ${table} TO ${APP_ROLE}
      USING (${column} = current_setting('app.tenant_id', true))
      WITH CHECK (${column} = current_setting('app.tenant_id', true))`,
  ];
}
