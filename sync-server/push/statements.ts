import { CompiledQuery, type Transaction } from 'kysely';
import type { CentralDb } from '../db/schema';
import type { TableInfo } from '../synced-tables';
import type { RowChange } from './plan';

/** Who is pushing: all from the token. */
export interface Origin {
  tenantId: string;
  storeId: string;
  deviceId: string;
}

type Trx = Transaction<CentralDb>;

const q = (name: string) => `"${name}"`;

export async function run<R>(trx: Trx, text: string, params: unknown[]): Promise<R[]> {
  const result = await trx.executeQuery<R>(CompiledQuery.raw(text, params));
  return result.rows;
}

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/**
 * The Postgres array literal (`{…}`) of `values`, for a `$n::text[]`, `$n::bigint[]` or
 * `$n::boolean[]` parameter: strings double-quoted (backslash and quote escaped only when
 * present), numbers as written, booleans `t`/`f`, null and undefined `NULL`. The same text
 * node-postgres would build element by element (two regex passes per string), in one pass: a
 * 1,000-row batch sends ~20 such arrays. PGlite takes the literal the same way.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += i > 0 ? `,${element(values[i])}` : element(values[i]);
  return `${out}}`;
}

/** `arrayLiteral` of one column of `rows` (NULL where a row lacks it), without an array between. */
function columnLiteral(rows: readonly RowChange[], column: string): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i]!.columns[column];
    out += i > 0 ? `,${element(value)}` : element(value);
  }
  return `${out}}`;
}

function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, '\\$&')}"` : `"${text}"`;
}

/** Positional parameters, each referenced with its type (`$n::text[]`); arrays sent as literals. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type: string): string {
    this.values.push(Array.isArray(value) ? arrayLiteral(value) : value);
    return `$${this.values.length}::${type}`;
  }
  /** One column of the rows as an array parameter. */
  column(rows: readonly RowChange[], column: string, type: string): string {
    this.values.push(columnLiteral(rows, column));
    return `$${this.values.length}::${type}`;
  }
}

function arrayType(table: TableInfo, column: string): string {
  return table.columns.get(column)?.type === 'bigint' ? 'bigint[]' : 'text[]';
}

/**
 * Natural-store tables and `stores` may only be written where the row is this device's store
 * or a row this device created (another location of its own).
 */
function storeGuarded(table: TableInfo): boolean {
  return table.name === 'stores' || table.naturalStore;
}

function storeGuard(table: TableInfo, alias: string, storeParam: string, deviceParam: string): string | null {
  if (table.name === 'stores') return `(${alias}.id = ${storeParam} OR ${alias}.device_id = ${deviceParam})`;
  if (table.naturalStore) return `(${alias}.store_id = ${storeParam} OR ${alias}.device_id = ${deviceParam})`;
  return null;
}

/**
 * Inserts rows (all with the same columns) in one `INSERT … SELECT FROM unnest(…)`. Facts:
 * inserted once (see `insertFacts`; `plainFacts` allows the plain INSERT for a large group);
 * records: the given columns overwrite (last writer wins), unless the existing row is another
 * store's. Returns the keys written. `defer`, when given, takes a plain fact INSERT instead of
 * running it (it then runs with the log statement, `recordBatch`: one round trip less).
 */
export async function insertRows(
  trx: Trx,
  origin: Origin,
  table: TableInfo,
  rows: RowChange[],
  plainFacts: boolean,
  defer?: (insert: DeferredInsert) => void,
): Promise<Set<string>> {
  const columns = Object.keys(rows[0]?.columns ?? {});
  const params = new Params();
  const tenant = params.add(origin.tenantId, 'text');
  const device = params.add(origin.deviceId, 'text');
  const guarded = table.kind === 'record' && storeGuarded(table);
  const store = table.originStore || guarded ? params.add(origin.storeId, 'text') : '';
  const targets = ['tenant_id', ...(table.originStore ? ['store_id'] : []), 'device_id', ...columns];
  const selects = [tenant, ...(table.originStore ? [store] : []), device, ...columns.map((c) => `u.${q(c)}`)];
  const unnest = columns.map((column) => params.column(rows, column, arrayType(table, column)));
  let conflict = 'DO NOTHING';
  if (table.kind === 'record') {
    const sets = columns.filter((c) => c !== table.key).map((c) => `${q(c)} = EXCLUDED.${q(c)}`);
    const guard = storeGuard(table, 't', store, device);
    if (sets.length > 0) conflict = `DO UPDATE SET ${sets.join(', ')}${guard ? ` WHERE ${guard}` : ''}`;
  }
  const insert = `INSERT INTO ${q(table.name)} AS t (${targets.map(q).join(', ')})
    SELECT ${selects.join(', ')} FROM unnest(${unnest.join(', ')}) AS u(${columns.map(q).join(', ')})`;
  const returning = `RETURNING t.${q(table.key)} AS key`;
  if (table.kind === 'fact') {
    if (plainFacts && defer && rows.length >= PLAIN_FACT_ROWS) {
      // The key column's array parameter, which the log statement may read as its row ids.
      const keyParam = Number(/^\$(\d+)/.exec(unnest[columns.indexOf(table.key)] ?? '')?.[1] ?? 0);
      defer({ table: table.name, text: insert, values: params.values, keys: rows.map((r) => r.key), keyParam });
      return new Set(rows.map((row) => row.key));
    }
    return insertFacts(trx, table, rows, insert, params.values, plainFacts);
  }
  const text = `${insert} ON CONFLICT (tenant_id, ${q(table.key)}) ${conflict} ${returning}`;
  const result = await trx.executeQuery<{ key: string }>(CompiledQuery.raw(text, params.values));
  const keys = new Set(result.rows.map((r) => r.key));
  if (conflict === 'DO NOTHING') {
    // A record insert of the key alone changes nothing on an existing row, which is fine.
    for (const row of rows) keys.add(row.key);
  }
  return keys;
}

/** Fact groups at least this large are inserted with a plain INSERT (when `plainFacts`). */
const PLAIN_FACT_ROWS = 100;

/**
 * A plain fact INSERT met a key already stored: the transaction is aborted, and the push runs
 * again from the start with `plainFacts` false (`applyPush`).
 */
export class FactConflict extends Error {
  constructor(readonly table: string) {
    super(`a ${table} row of the batch already exists`);
  }
}

/** A plain fact INSERT left for the log statement to run (its text numbers its own parameters). */
export interface DeferredInsert {
  table: string;
  text: string;
  values: unknown[];
  /** The rows' keys in order, and the number of the parameter that holds them (0: none). */
  keys: string[];
  keyParam: number;
}

/** `error`, or `FactConflict` when it is the primary key of `table` refusing a plain INSERT. */
export function asFactConflict(error: unknown, table: string): unknown {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === '23505' && pgError.constraint === `${table}_pkey` ? new FactConflict(table) : error;
}

/**
 * Facts are inserted once. With `plainFacts`, a large group goes in with a plain INSERT: ON
 * CONFLICT would probe the primary key once more per row (about a fifth of the statement's
 * time on Postgres 15). If a key already exists — a fact resent under another mutation id,
 * rare — the INSERT fails, which aborts the transaction: `FactConflict` is thrown and the whole
 * push runs again without `plainFacts` (no savepoint, which would cost a round trip on every
 * batch). Otherwise, and for small groups, `ON CONFLICT DO NOTHING RETURNING` the keys written;
 * the caller rejects the others (`duplicate_row`).
 */
async function insertFacts(
  trx: Trx,
  table: TableInfo,
  rows: RowChange[],
  insert: string,
  values: unknown[],
  plainFacts: boolean,
): Promise<Set<string>> {
  if (plainFacts && rows.length >= PLAIN_FACT_ROWS) {
    try {
      await trx.executeQuery(CompiledQuery.raw(insert, values));
      return new Set(rows.map((row) => row.key));
    } catch (error) {
      throw asFactConflict(error, table.name);
    }
  }
  const text = `${insert} ON CONFLICT (tenant_id, ${q(table.key)}) DO NOTHING RETURNING t.${q(table.key)} AS key`;
  const written = await trx.executeQuery<{ key: string }>(CompiledQuery.raw(text, values));
  return new Set(written.rows.map((r) => r.key));
}

/**
 * Updates existing rows in one `UPDATE … FROM unnest(…)`: each column is set only where that
 * row's change names it (a mask array per column). Returns the keys updated.
 */
export async function updateRows(trx: Trx, origin: Origin, table: TableInfo, rows: RowChange[]): Promise<Set<string>> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row.columns)))].filter((c) => c !== table.key);
  if (columns.length === 0) return new Set(rows.map((row) => row.key));
  const params = new Params();
  const tenant = params.add(origin.tenantId, 'text');
  const unnest = [
    params.add(
      rows.map((row) => row.key),
      'text[]',
    ),
  ];
  const aliases = ['k'];
  const sets = columns.map((column, i) => {
    unnest.push(
      params.add(
        rows.map((row) => row.columns[column] ?? null),
        arrayType(table, column),
      ),
    );
    unnest.push(
      params.add(
        rows.map((row) => Object.hasOwn(row.columns, column)),
        'boolean[]',
      ),
    );
    aliases.push(`v${i}`, `m${i}`);
    return `${q(column)} = CASE WHEN u.m${i} THEN u.v${i} ELSE t.${q(column)} END`;
  });
  const guard = storeGuarded(table)
    ? storeGuard(table, 't', params.add(origin.storeId, 'text'), params.add(origin.deviceId, 'text'))
    : null;
  const text = `UPDATE ${q(table.name)} AS t SET ${sets.join(', ')}
    FROM unnest(${unnest.join(', ')}) AS u(${aliases.join(', ')})
    WHERE t.tenant_id = ${tenant} AND t.${q(table.key)} = u.k${guard ? ` AND ${guard}` : ''}
    RETURNING t.${q(table.key)} AS key`;
  const updated = await run<{ key: string }>(trx, text, params.values);
  return new Set(updated.map((r) => r.key));
}

/** Which of `keys` exist in the table (for the reason of a refused update). */
export async function existingKeys(trx: Trx, tenantId: string, table: TableInfo, keys: string[]): Promise<Set<string>> {
  const text = `SELECT ${q(table.key)} AS key FROM ${q(table.name)} WHERE tenant_id = $1 AND ${q(table.key)} = ANY($2::text[])`;
  const found = await run<{ key: string }>(trx, text, [tenantId, keys]);
  return new Set(found.map((r) => r.key));
}

/** Groups row changes by their column set, so each group is one statement. */
export function bySignature(rows: RowChange[]): RowChange[][] {
  const groups = new Map<string, RowChange[]>();
  // Rows of a table nearly always list their columns in one order: sort each order once.
  const sorted = new Map<string, string>();
  let last: { keys: string[]; group: RowChange[] } | null = null;
  for (const row of rows) {
    if (last && sameKeys(row.columns, last.keys)) {
      last.group.push(row);
      continue;
    }
    const keys = Object.keys(row.columns);
    const listed = keys.join(',');
    let signature = sorted.get(listed);
    if (signature === undefined) {
      signature = [...keys].sort().join(',');
      sorted.set(listed, signature);
    }
    let group = groups.get(signature);
    if (group) group.push(row);
    else groups.set(signature, (group = [row]));
    last = { keys, group };
  }
  return [...groups.values()];
}

/** Whether `columns` has exactly `keys`, in that order (no array allocated). */
function sameKeys(columns: Record<string, unknown>, keys: string[]): boolean {
  let i = 0;
  for (const key in columns) {
    if (key !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}
