/** Central (Postgres) migrations arrive with the sync issue. */
export const centralMigrations: Record<string, never> = {};
