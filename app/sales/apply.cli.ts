import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import type { CliCommand } from '../cli/command';
import { printResult } from '../cli/commands';
import { DatabaseBusyError } from '../db/db';
import { clearLookupMemo, withLookupMemo } from '../db/lookup-memo';
import { installRefCache } from '../db/ref-cache';

const BATCH = 500;
/**
 * How long a batch keeps asking for the write lock another process holds. An import is a batch
 * job: waiting for the counter or another import is better than stopping halfway. Each try
 * already waits busy_timeout (5 s); between tries the process sleeps so the holder, which takes
 * the lock again right after each of its commits, cannot starve it for good.
 */
const BUSY_RETRY_FOR_MS = 120_000;

export interface ApplySummary {
  applied: number;
  duplicates: number;
  rejected: { line: number; code: string; message: string }[];
}

/**
 * Applies a JSONL file of actions in file order. Lines are committed in batches (one fsync per
 * batch, not per line); a rejected line changes nothing: a batch runs first without a savepoint
 * per line, and again with one per line when a line failed after writing (applyBatch).
 * The file is streamed: memory stays bounded whatever its size.
 */
export async function applyFile(app: Balcao, session: Session, path: string): Promise<ApplySummary> {
  const previous = app.db.raw.pragma('temp_store', { simple: true }) as number;
  // A savepoint keeps the pages it would undo in a temporary file unless temp_store is MEMORY:
  // 4 KB written per page a line touches, over a tenth of the time of an imported sale. A
  // line's undo pages are a few dozen, freed when its savepoint is released.
  // Changing temp_store drops the temp schema and the reference cache's TEMP triggers with it:
  // the cache is off during the import (the batch's lookup memo does its work, measured a little
  // faster than the cache with its triggers) and made again afterwards.
  app.db.raw.pragma('temp_store = MEMORY');
  try {
    return await applyLines(app, session, path);
  } finally {
    app.db.raw.pragma(`temp_store = ${previous}`);
    installRefCache(app.db);
  }
}

async function applyLines(app: Balcao, session: Session, path: string): Promise<ApplySummary> {
  const summary: ApplySummary = { applied: 0, duplicates: 0, rejected: [] };
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let batch: { line: number; text: string }[] = [];
  let lineNo = 0;
  const flush = async () => {
    const current = batch;
    batch = [];
    const part = await whenWriteLockFree(() => commitBatch(app, session, current));
    summary.applied += part.applied;
    summary.duplicates += part.duplicates;
    summary.rejected.push(...part.rejected);
  };
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    batch.push({ line: lineNo, text });
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return summary;
}

/** One batch in one transaction: first without a savepoint per line, again with them if a line needs it. */
function commitBatch(app: Balcao, session: Session, lines: { line: number; text: string }[]): ApplySummary {
  try {
    return app.db.transaction(() => app.db.withoutSavepoints(() => applyBatch(app, session, lines, false)));
  } catch (error) {
    if (!(error instanceof LineNeedsSavepoint)) throw error;
    return app.db.transaction(() => applyBatch(app, session, lines, true));
  }
}

/**
 * Runs `write` (a whole transaction), trying again while another process holds the write lock
 * (`DatabaseBusyError`: thrown by BEGIN IMMEDIATE, so nothing was written) for up to
 * BUSY_RETRY_FOR_MS; then the busy error goes to the caller (`database_busy`, retryable).
 */
async function whenWriteLockFree<T>(write: () => T): Promise<T> {
  const giveUpAt = Date.now() + BUSY_RETRY_FOR_MS;
  for (;;) {
    try {
      return write();
    } catch (error) {
      if (!(error instanceof DatabaseBusyError) || Date.now() >= giveUpAt) throw error;
      await sleep(20 + Math.floor(Math.random() * 80));
    }
  }
}

/** A line failed after writing, in a batch run without savepoints: the batch is rolled back and run again with them. */
class LineNeedsSavepoint extends Error {
  override readonly name = 'LineNeedsSavepoint';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const TOTAL_CHANGES_SQL = 'SELECT total_changes() AS n';

/**
 * One batch's lines in the open transaction. Unguarded (first try), each line runs without its
 * own savepoint; a line refused before writing anything (JSON, validation, an unknown SKU…) is
 * recorded as usual, but one that fails after writing (total_changes() moved) throws
 * LineNeedsSavepoint so the caller rolls the batch back and runs it again guarded, each line
 * in a savepoint as before: what is committed is the same either way.
 */
function applyBatch(app: Balcao, session: Session, lines: { line: number; text: string }[], guarded: boolean) {
  const part: ApplySummary = { applied: 0, duplicates: 0, rejected: [] };
  const changes = app.db.statement(TOTAL_CHANGES_SQL);
  return withLookupMemo(app.db, () => {
    for (const { line, text } of lines) {
      const before = guarded ? 0 : (changes.get() as { n: number }).n;
      const ok = applyLine(app, session, line, text, part);
      if (!ok && !guarded && (changes.get() as { n: number }).n !== before) throw new LineNeedsSavepoint();
    }
    return part;
  });
}

function applyLine(app: Balcao, session: Session, line: number, text: string, summary: ApplySummary): boolean {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    summary.rejected.push({ line, code: 'invalid_json', message: 'Linha não é um JSON válido.' });
    return false;
  }
  // Only register_sale lines share the batch's lookup memo: any other action may change what
  // it remembers (a product's price, a salesperson's rate, a setting).
  const shared = isObject(input) && input.action === 'register_sale';
  if (!shared) clearLookupMemo(app.db);
  const result = app.dispatch('sales.apply', input, session);
  // A rejected line may have taken a sale number its rollback gives back: the memo forgets.
  if (!shared || !result.ok) clearLookupMemo(app.db);
  if (!result.ok) {
    summary.rejected.push({ line, code: result.error.code, message: result.error.message });
    return false;
  }
  if (result.value.status === 'duplicate') summary.duplicates++;
  else summary.applied++;
  return true;
}

export const applyCommands: Record<string, CliCommand> = {
  apply: {
    summary: 'Aplica um arquivo JSONL de ações: apply --file acoes.jsonl',
    options: { file: { type: 'string' } },
    run: async (app, session, values, io) => {
      if (typeof values.file !== 'string') {
        io.err('Informe o arquivo: --file acoes.jsonl');
        return 2;
      }
      const summary = await applyFile(app, session, values.file);
      if (io.json) io.out(JSON.stringify(summary));
      else {
        io.out(
          `Aplicadas: ${summary.applied}  Duplicadas: ${summary.duplicates}  Rejeitadas: ${summary.rejected.length}`,
        );
        for (const r of summary.rejected.slice(0, 50)) io.out(`  linha ${r.line}: ${r.code} — ${r.message}`);
      }
      return summary.rejected.length ? 1 : 0;
    },
  },
  sales: {
    summary:
      'Lista vendas: sales [--external-id X] [--customer X] [--salesperson X] [--location X] [--from D] [--to D] [--limit N] [--offset N]',
    options: {
      'external-id': { type: 'string' },
      customer: { type: 'string' },
      salesperson: { type: 'string' },
      location: { type: 'string' },
      status: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    run: (app, session, v, io) => {
      const result = app.dispatch(
        'sales.query',
        {
          external_id: v['external-id'],
          customer: v.customer,
          salesperson: v.salesperson,
          location: v.location,
          status: v.status,
          from: v.from,
          to: v.to,
          limit: typeof v.limit === 'string' ? Number(v.limit) : undefined,
          offset: typeof v.offset === 'string' ? Number(v.offset) : undefined,
        },
        session,
      );
      if (io.json && result.ok) {
        io.out(JSON.stringify(result.value.sales));
        return 0;
      }
      return printResult(io, result);
    },
  },
};
