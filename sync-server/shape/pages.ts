import { sql, type Kysely } from 'kysely';
import type { CentralDb } from '../db/schema';
import { SyncError } from '../errors';
import type { TableInfo } from '../synced-tables';

/**
 * Pages of one tenant table in the Electric HTTP Shape format. Offsets are opaque to the
 * client (`@electric-sql/client` only copies them), so ours say where we are:
 * - `-1`: from the start — a snapshot read in one REPEATABLE READ transaction together with the
 *   tenant's `sync_log` position S it saw;
 * - `S_s<key>`: the snapshot continues after primary key `<key>` (base64url), S still the
 *   position the first page saw;
 * - `S_0`: the log after seq S (every change of this table with seq > S, in the server's order).
 * A snapshot continuation reads the rows as they are now, so it may already hold changes after
 * S; the log replays them afterwards in order, which converges (inserts are upserts, updates
 * set the columns they name). The log position is gap-free and committed in order (push locks
 * the tenant's counter), so nothing after S is ever skipped.
 */
export type ShapeOffset =
  { kind: 'start' } | { kind: 'snapshot'; seq: number; afterKey: string } | { kind: 'log'; seq: number };

export interface ShapeMessage {
  key?: string;
  value?: Record<string, string | null>;
  /**
   * A merge (two desktops made the same unique key) travels as a `delete` of the merged id with
   * `merged_into` naming the row kept: a desktop re-points its references there (app/sync/).
   */
  headers: {
    operation?: 'insert' | 'update' | 'delete';
    merged_into?: string;
    control?: 'up-to-date' | 'must-refetch';
  };
}

export interface ShapePage {
  messages: ShapeMessage[];
  /**
   * The page already serialized as the JSON array the client reads (a snapshot page is built
   * by Postgres itself: no row objects, no re-encoding); when present it is sent as is and
   * `messages` is empty.
   */
  json?: string;
  offset: string;
  upToDate: boolean;
}

/** Rows per snapshot page and log entries per log page (`SYNC_SHAPE_PAGE_ROWS`, default 5,000). */
export function pageRows(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SYNC_SHAPE_PAGE_ROWS);
  return Number.isInteger(value) && value > 0 && value <= 50_000 ? value : 5000;
}

/** Parses the `offset` query parameter; a malformed one is 400 `invalid_offset`. */
export function parseOffset(raw: string): ShapeOffset {
  if (raw === '-1') return { kind: 'start' };
  const log = /^(\d{1,15})_0$/.exec(raw);
  if (log) return { kind: 'log', seq: Number(log[1]) };
  const snap = /^(\d{1,15})_s([A-Za-z0-9_-]{1,400})$/.exec(raw);
  if (snap) return { kind: 'snapshot', seq: Number(snap[1]), afterKey: Buffer.from(snap[2]!, 'base64url').toString() };
  throw new SyncError(400, 'invalid_offset', `offset ${JSON.stringify(raw.slice(0, 40))} is not one this server gave`);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Postgres text format of a JSON / driver value (what Electric sends), null kept. */
function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function rowValue(table: TableInfo, row: Record<string, unknown>): Record<string, string | null> {
  const value: Record<string, string | null> = {};
  for (const column of table.columns.keys()) {
    if (column in row) value[column] = textValue(row[column]);
  }
  return value;
}

/** Electric's key form: `"table"/"pk"`, `/` in the pk doubled. */
export function messageKey(table: string, pk: string): string {
  return `"${table}"/"${pk.replace(/\//g, '//')}"`;
}

/** The tenant's log position as this transaction sees it. */
async function lastSeq(trx: Kysely<CentralDb>, tenantId: string): Promise<number> {
  const row = await trx
    .selectFrom('sync_counters')
    .select('last_seq')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(row?.last_seq ?? 0);
}

const UP_TO_DATE_JSON = JSON.stringify({ headers: { control: 'up-to-date' } });

/** `json_build_object` takes at most 100 arguments: wider rows are joined from pieces. */
function valueObjectSql(table: TableInfo): string {
  const pairs = [...table.columns].map(
    ([name, info]) => `'${name.replace(/'/g, "''")}', t.${quote(name)}${info.type === 'bigint' ? '::text' : ''}`,
  );
  const pieces: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) pieces.push(`json_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return pieces.length === 1 ? pieces[0]! : `(${pieces.map((p) => `${p}::jsonb`).join(' || ')})`;
}

/**
 * A snapshot page: rows with key > `afterKey` (all when null) in key order. `seq` is the log
 * position the first page saw (read here when null, in the caller's REPEATABLE READ transaction).
 * Postgres builds the messages (`{ key, value, headers: { operation: insert } }`, values in text
 * format) and joins them, so the page reaches the client without being decoded and encoded here.
 */
export async function snapshotPage(
  trx: Kysely<CentralDb>,
  tenantId: string,
  table: TableInfo,
  seq: number | null,
  afterKey: string | null,
  limit = pageRows(),
): Promise<ShapePage> {
  const position = seq ?? (await lastSeq(trx, tenantId));
  const key = quote(table.key);
  const after = afterKey === null ? sql`` : sql` AND t.${sql.raw(key)} > ${afterKey}`;
  const prefix = `"${table.name}"/"`;
  const { rows } = await sql<{ body: string | null; n: number; last_key: string | null }>`
    SELECT string_agg(m, ',' ORDER BY k) FILTER (WHERE rn <= ${limit}) AS body,
      count(*)::int AS n, max(k) FILTER (WHERE rn <= ${limit}) AS last_key
    FROM (
      SELECT t.${sql.raw(key)} AS k, row_number() OVER (ORDER BY t.${sql.raw(key)}) AS rn,
        json_build_object('key', ${prefix} || replace(t.${sql.raw(key)}, '/', '//') || '"',
          'value', ${sql.raw(valueObjectSql(table))},
          'headers', json_build_object('operation', 'insert'))::text AS m
      FROM ${sql.raw(quote(table.name))} t
      WHERE t.tenant_id = ${tenantId}${after}
      ORDER BY t.${sql.raw(key)} LIMIT ${limit + 1}
    ) p`.execute(trx);
  const { body, n, last_key: lastKey } = rows[0] ?? { body: null, n: 0, last_key: null };
  if (n > limit && lastKey !== null) {
    return {
      messages: [],
      json: `[${body ?? ''}]`,
      offset: `${position}_s${Buffer.from(lastKey).toString('base64url')}`,
      upToDate: false,
    };
  }
  return {
    messages: [],
    json: `[${body ? `${body},` : ''}${UP_TO_DATE_JSON}]`,
    offset: `${position}_0`,
    upToDate: true,
  };
}

/**
 * A log page: this table's `sync_log` entries after `seq`, oldest first. Records carry the
 * columns the change set (the whole row of an insert); facts are logged by reference, so their
 * row (which never changes) is read from the table. When the page is not full the answer is
 * up to date and its offset is the tenant's position (other tables' changes included).
 */
export async function logPage(
  trx: Kysely<CentralDb>,
  tenantId: string,
  table: TableInfo,
  seq: number,
  limit = pageRows(),
): Promise<ShapePage> {
  const key = quote(table.key);
  const { rows } = await sql<{
    seq: string | number;
    op: 'insert' | 'update' | 'merge';
    row_id: string;
    columns: unknown;
  }>`
    SELECT l.seq, l.op, l.row_id, COALESCE(l.columns, to_jsonb(t)) AS columns
    FROM sync_log l
    LEFT JOIN ${sql.raw(quote(table.name))} t ON t.tenant_id = l.tenant_id AND t.${sql.raw(key)} = l.row_id
    WHERE l.tenant_id = ${tenantId} AND l.table_name = ${table.name} AND l.seq > ${seq}
    ORDER BY l.seq LIMIT ${limit}`.execute(trx);
  const messages: ShapeMessage[] = [];
  for (const row of rows) {
    if (!row.columns || typeof row.columns !== 'object') continue;
    if (row.op === 'merge') {
      const into = (row.columns as { merged_into?: unknown }).merged_into;
      messages.push({
        key: messageKey(table.name, row.row_id),
        value: { [table.key]: row.row_id },
        headers: { operation: 'delete', merged_into: String(into) },
      });
      continue;
    }
    const value = rowValue(table, row.columns as Record<string, unknown>);
    value[table.key] = row.row_id;
    messages.push({ key: messageKey(table.name, row.row_id), value, headers: { operation: row.op } });
  }
  if (rows.length === limit) {
    return { messages, offset: `${Number(rows[rows.length - 1]!.seq)}_0`, upToDate: false };
  }
  const position = Math.max(seq, await lastSeq(trx, tenantId));
  messages.push({ headers: { control: 'up-to-date' } });
  return { messages, offset: `${position}_0`, upToDate: true };
}

/** The `electric-schema` header: Postgres type names as Electric reports them, pk index. */
export function shapeSchema(table: TableInfo): Record<string, { type: string; not_null?: true; pk_index?: number }> {
  const schema: Record<string, { type: string; not_null?: true; pk_index?: number }> = {};
  for (const [name, info] of table.columns) {
    schema[name] = {
      type: info.type === 'bigint' ? 'int8' : 'text',
      ...(info.nullable ? {} : { not_null: true as const }),
      ...(name === table.key ? { pk_index: 0 } : {}),
    };
  }
  return schema;
}
