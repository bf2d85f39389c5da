import type BetterSqlite3 from 'better-sqlite3';

/**
 * Settings of a connection that only reads for reports (the jobs' worker, the bench): a page
 * cache of 256 MB and the file memory-mapped (up to SQLite's 2 GB cap), so an export's sweep
 * over a month of sales reads pages without a system call each. Measured on the 1M-sale demo
 * (3.6 GB file), 120,000 vendas rows: 4.4 s of CPU → 2.7 s with the map. Read-only: a
 * mapped file is never written through the map.
 */
export function tuneReportReader(raw: BetterSqlite3.Database): void {
  raw.pragma('cache_size = -262144');
  raw.pragma('mmap_size = 2147418112');
}
