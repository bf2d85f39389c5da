import type { Migration } from 'kysely';
import { foundation } from './0001_foundation';
import { salesCore } from './0002_sales_core';
import { catalogSearch } from './0003_catalog_search';
import { stockLevels } from './0004_stock_levels';

/** Static index: names sort in application order. Never rename or remove an entry. */
export const deviceMigrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_sales_core': salesCore,
  '0003_catalog_search': catalogSearch,
  '0004_stock_levels': stockLevels,
};
