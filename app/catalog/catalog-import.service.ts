import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { recordStockMovement } from '../stock/stock.service';
import { deviceStoreId } from '../store/store.service';
import type { ImportCatalogInput } from './catalog-import.schemas';
import { allowInternalBarcodes, barcodeProblem } from './barcode-rules';
import { findBarcode } from './catalog.queries';
import { upsertProduct } from './catalog.service';
import { mapHeader, REQUIRED_COLUMNS } from './import-columns';
import { cellText, parseImportRows, type ImportLine } from './import-rows';
import { readTable } from './import-table';

export const MAX_IMPORT_ROWS = 20_000;
/** Enough to fix a sheet by; the count says how many there are in all. */
const MAX_ERRORS_SHOWN = 200;
const PREVIEW_LINES = 50;

export interface ImportPreviewLine {
  line: number;
  sku: string;
  name: string;
  price_cents: number;
  action: 'create' | 'update';
}

export interface ImportResult {
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  /** New variants that received their initial stock. */
  stock_received: number;
  /** Existing variants whose stock column was left alone (stock changes go through Estoque). */
  stock_skipped: number;
  ignored_columns: string[];
  preview: ImportPreviewLine[];
}

class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run rolled back');
  }
}

/**
 * Imports a product list all or nothing: every row is checked first, and any row error (or any
 * conflict met while writing, such as a barcode of another product) rolls the whole file back.
 */
export function importCatalog(ctx: Context, input: ImportCatalogInput): ImportResult {
  const [headerCells = [], ...rows] = readTable(input);
  const header = headerCells.map(cellText);
  const { columns, ignored } = mapHeader(header);
  const missing = REQUIRED_COLUMNS.filter(([field]) => columns[field] === undefined).map(([, label]) => label);
  if (missing.length > 0) {
    const message = `Faltam colunas obrigatórias: ${missing.join(', ')}.`;
    throw new AppError('import_missing_columns', `Missing columns: ${missing.join(', ')}`, message, {
      missing,
      errors: [`Linha 1: ${message}`],
    });
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError(
      'import_too_large',
      `Import of ${rows.length} rows`,
      `A planilha tem ${rows.length} linhas; importe no máximo ${MAX_IMPORT_ROWS} por vez.`,
    );
  }
  const allowInternal = allowInternalBarcodes(ctx);
  // A code already in use is left to upsertProduct (same variant: kept; another one: barcode_taken).
  const barcodeCheck = (code: string) =>
    findBarcode(ctx.db, code)?.active ? null : barcodeProblem(code, allowInternal);
  const { lines, errors } = parseImportRows(rows, columns, header.length, barcodeCheck);
  if (errors.length > 0) throw invalidRows(errors);
  if (lines.length === 0) {
    throw new AppError('import_empty', 'Import has no data rows', 'A planilha não tem nenhum produto.');
  }
  if (!input.dry_run) return applyLines(ctx, lines, ignored, false);
  try {
    // A savepoint inside the operation's transaction: write everything, count, roll back.
    ctx.db.transaction(() => {
      throw new DryRunDone(applyLines(ctx, lines, ignored, true));
    });
  } catch (e) {
    if (e instanceof DryRunDone) return e.result;
    throw e;
  }
  throw new Error('unreachable: the dry run always rolls back');
}

function applyLines(ctx: Context, lines: readonly ImportLine[], ignored: string[], dryRun: boolean): ImportResult {
  const storeId = deviceStoreId(ctx);
  const now = ctx.clock.now().toISOString();
  const result: ImportResult = {
    dry_run: dryRun,
    rows: lines.length,
    created: 0,
    updated: 0,
    stock_received: 0,
    stock_skipped: 0,
    ignored_columns: ignored,
    preview: [],
  };
  const errors: string[] = [];
  for (const { line, product, stockMilli } of lines) {
    let written: { id: string; created: boolean };
    try {
      written = upsertProduct(ctx, product);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push(`Linha ${line}: ${e.userMessage}`);
      continue;
    }
    if (written.created) result.created += 1;
    else result.updated += 1;
    if (result.preview.length < PREVIEW_LINES) {
      result.preview.push({
        line,
        sku: product.external_id,
        name: product.name,
        price_cents: product.unit_price,
        action: written.created ? 'create' : 'update',
      });
    }
    if (!stockMilli) continue;
    if (!written.created) {
      result.stock_skipped += 1;
      continue;
    }
    recordStockMovement(ctx, {
      variantId: written.id,
      storeId,
      qtyMilli: stockMilli,
      kind: 'receiving',
      reason: 'Importação de produtos',
      occurredAt: now,
    });
    result.stock_received += 1;
  }
  if (errors.length > 0) throw invalidRows(errors);
  return result;
}

function invalidRows(errors: string[]): AppError {
  const message =
    errors.length === 1
      ? 'A planilha tem 1 erro; nada foi importado.'
      : `A planilha tem ${errors.length} erros; nada foi importado.`;
  return new AppError('import_invalid', `Catalog import has ${errors.length} errors`, message, {
    error_count: errors.length,
    errors: errors.slice(0, MAX_ERRORS_SHOWN),
  });
}
