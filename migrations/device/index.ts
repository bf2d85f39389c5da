import type { Migration } from 'kysely';
import { foundation } from './0001_foundation';
import { salesCore } from './0002_sales_core';

/** Static index: names sort in application order. Never rename or remove an entry. */
export const deviceMigrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_sales_core': salesCore,
};
