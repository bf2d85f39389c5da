/** The fields an import line may carry, and the header names each is recognized by. */
export const IMPORT_COLUMNS = {
  sku: ['sku', 'codigo', 'cod', 'codigo_sku', 'referencia', 'ref', 'variant_external_id', 'external_id'],
  product: [
    'codigo_produto',
    'codigo_do_produto',
    'produto_codigo',
    'cod_produto',
    'cod_do_produto',
    'product_external_id',
    'modelo',
  ],
  name: ['nome', 'produto', 'descricao', 'nome_produto', 'product_name', 'name'],
  category: ['categoria', 'category', 'departamento'],
  price: ['preco', 'preco_venda', 'preco_de_venda', 'valor', 'valor_venda', 'preco_unitario', 'unit_price', 'price'],
  cost: ['custo', 'preco_custo', 'preco_de_custo', 'custo_unitario', 'unit_cost', 'cost'],
  barcodes: [
    'codigo_barras',
    'codigo_de_barras',
    'codigos_de_barras',
    'cod_barras',
    'ean',
    'gtin',
    'barcode',
    'barcodes',
  ],
  size: ['tamanho', 'tam', 'size'],
  color: ['cor', 'color'],
  brand: ['marca', 'fabricante', 'brand'],
  stock: ['estoque', 'estoque_inicial', 'quantidade', 'qtd', 'qtde', 'saldo', 'stock'],
  sold_by_weight: ['vendido_por_peso', 'por_peso', 'granel', 'sold_by_weight'],
  kind: ['tipo', 'kind'],
} as const;

export type ImportField = keyof typeof IMPORT_COLUMNS;

/**
 * The column names the Importar screen lists, with the hint shown after each: every one is
 * recognized by `mapHeader` (a test holds the screen and the parser to the same list).
 */
export const SCREEN_COLUMNS: readonly [label: string, hint: string][] = [
  ['sku', '(ou código)'],
  ['nome', ''],
  ['categoria', ''],
  ['preço', ''],
  ['custo', ''],
  ['código de barras', ''],
  ['tamanho', ''],
  ['cor', ''],
  ['marca', ''],
  ['estoque', ''],
  ['código do produto', '(agrupa variantes)'],
  ['vendido por peso', '(sim/não)'],
  ['tipo', '(mercadoria/serviço)'],
];

/** How a missing required column is named to the user. */
export const REQUIRED_COLUMNS: readonly [ImportField, string][] = [
  ['sku', 'sku (ou código)'],
  ['name', 'nome'],
  ['category', 'categoria'],
  ['price', 'preço'],
];

/** "Preço de Venda" → "preco_de_venda": case, accents and punctuation do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const BY_HEADER = new Map<string, ImportField>(
  Object.entries(IMPORT_COLUMNS).flatMap(([field, names]) => names.map((n) => [n, field as ImportField])),
);

/** Which column holds which field; headers that name no field are returned as ignored. */
export function mapHeader(header: readonly string[]): {
  columns: Partial<Record<ImportField, number>>;
  ignored: string[];
} {
  const columns: Partial<Record<ImportField, number>> = {};
  const ignored: string[] = [];
  header.forEach((raw, index) => {
    const field = BY_HEADER.get(normalizeHeader(raw));
    if (field && columns[field] === undefined) columns[field] = index;
    else if (raw.trim() !== '') ignored.push(raw.trim());
  });
  return { columns, ignored };
}
