import { splitBarcodeList } from './barcode-list';
import { barcodeShapeProblem } from './barcode-rules';
import { upsertProductSchema, type UpsertProductInput } from './catalog.schemas';
import { decimalFromNumber, parseDecimalText } from './decimal-text';
import type { ImportField } from './import-columns';
import type { ImportCell } from './import-table';

/** One valid data line of an import, ready for upsertProduct. */
export interface ImportLine {
  /** The spreadsheet line number (the header is line 1). */
  line: number;
  product: UpsertProductInput;
  /** Stock to receive if the variant is new, in thousandths; null when not given. */
  stockMilli: number | null;
}

const YES = new Set(['sim', 's', 'x', 'true', '1', 'yes', 'verdadeiro']);
const NO = new Set(['', 'nao', 'não', 'n', 'false', '0', 'no', 'falso']);
const SERVICE = new Set(['servico', 'serviço', 'service']);
const GOODS = new Set(['', 'mercadoria', 'produto', 'goods']);

/**
 * A cell as text: an XLSX number is written plainly ("7891000200018", "37,5"), so that
 * text fields (SKU, size) and barcodes read what the sheet shows, with no exponent or grouping.
 */
export function cellText(cell: ImportCell | undefined): string {
  if (cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  return Number.isInteger(cell) && Math.abs(cell) < 1e21 ? BigInt(cell).toString() : String(cell).replace('.', ',');
}

/** A cell as an amount in 1/10^scale units: typed text exactly, an XLSX number rounded half up. */
function cellAmount(cell: ImportCell | undefined, scale: number): number | null {
  return typeof cell === 'number' ? decimalFromNumber(cell, scale) : parseDecimalText(cellText(cell), scale);
}

type Cells = {
  text: (field: ImportField) => string;
  amount: (field: ImportField, scale: number) => number | null;
};

/** Validates every data row; each problem becomes "Linha N: …" in pt-BR. */
export function parseImportRows(
  rows: readonly ImportCell[][],
  columns: Partial<Record<ImportField, number>>,
  headerWidth: number,
  /** What is wrong with a barcode (lower-case pt-BR), null when it may be imported. */
  barcodeProblem: (code: string) => string | null = barcodeShapeProblem,
): { lines: ImportLine[]; errors: string[] } {
  const lines: ImportLine[] = [];
  const errors: string[] = [];
  const skuLine = new Map<string, number>();
  const barcodeLine = new Map<string, number>();
  rows.forEach((cells, index) => {
    const line = index + 2;
    if (cells.every((c) => cellText(c) === '')) return;
    const fail = (message: string) => errors.push(`Linha ${line}: ${message}`);
    if (cells.slice(headerWidth).some((c) => cellText(c) !== '')) {
      fail('mais valores que colunas no cabeçalho (use aspas em valores com vírgula, ou separe por ;).');
      return;
    }
    const at = (field: ImportField) => {
      const index = columns[field];
      return index === undefined ? undefined : cells[index];
    };
    const parsed = parseLine(
      { text: (field) => cellText(at(field)), amount: (field, scale) => cellAmount(at(field), scale) },
      fail,
      barcodeProblem,
    );
    if (!parsed) return;
    const result = upsertProductSchema.safeParse(parsed.product);
    if (!result.success) {
      for (const issue of result.error.issues) fail(issue.message);
      return;
    }
    const product = result.data;
    if (!checkStock(product, parsed.stockMilli, fail)) return;
    const firstSku = skuLine.get(product.external_id);
    if (firstSku !== undefined) return fail(`SKU ${product.external_id} repetido (já está na linha ${firstSku}).`);
    skuLine.set(product.external_id, line);
    for (const code of new Set(product.barcodes ?? [])) {
      const first = barcodeLine.get(code);
      if (first !== undefined) return fail(`código de barras ${code} repetido (já está na linha ${first}).`);
      barcodeLine.set(code, line);
    }
    lines.push({ line, product, stockMilli: parsed.stockMilli });
  });
  return { lines, errors };
}

function parseLine(
  { text: cell, amount }: Cells,
  fail: (message: string) => void,
  barcodeProblem: (code: string) => string | null,
) {
  let ok = true;
  const bad = (message: string) => {
    ok = false;
    fail(message);
  };
  const priceText = cell('price');
  const price = amount('price', 2);
  if (priceText === '') bad('informe o preço.');
  else if (price === null) bad(`preço inválido: "${priceText}" (use 12,34).`);
  else if (price === 0) bad('o preço deve ser maior que zero.');
  const costText = cell('cost');
  const cost = costText === '' ? undefined : amount('cost', 2);
  if (cost === null) bad(`custo inválido: "${costText}" (use 12,34).`);
  const stockText = cell('stock');
  const stockMilli = stockText === '' ? null : amount('stock', 3);
  if (stockText !== '' && stockMilli === null) bad(`estoque inválido: "${stockText}" (use 10 ou 1,5).`);
  const weightText = cell('sold_by_weight').toLowerCase();
  if (!YES.has(weightText) && !NO.has(weightText)) bad('"vendido por peso" deve ser sim ou não.');
  const kindText = cell('kind').toLowerCase();
  if (!SERVICE.has(kindText) && !GOODS.has(kindText)) bad('tipo deve ser "mercadoria" ou "serviço".');
  const barcodes = splitBarcodeList(cell('barcodes'));
  for (const code of barcodes) {
    const problem = barcodeProblem(code);
    if (problem) bad(problem);
  }
  if (!ok) return null;
  const product = {
    external_id: cell('sku'),
    product_external_id: cell('product') || undefined,
    name: cell('name'),
    category: cell('category'),
    kind: SERVICE.has(kindText) ? 'service' : 'goods',
    unit_price: price,
    unit_cost: cost ?? undefined,
    barcodes,
    size: cell('size') || undefined,
    color: cell('color') || undefined,
    brand: cell('brand') || undefined,
    sold_by_weight: weightText === '' ? undefined : YES.has(weightText),
  };
  return { product, stockMilli };
}

function checkStock(product: UpsertProductInput, stockMilli: number | null, fail: (m: string) => void): boolean {
  if (!stockMilli) return true;
  if (product.kind === 'service') {
    fail('serviços não têm estoque; deixe o estoque em branco.');
    return false;
  }
  if (stockMilli % 1000 !== 0 && !product.sold_by_weight) {
    fail('estoque fracionado só para produtos vendidos por peso.');
    return false;
  }
  return true;
}
