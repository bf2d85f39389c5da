import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Balcao } from '../app/balcao';
import { withGtinCheckDigit } from '../app/br/gtin';
import { type Session } from '../app/contract/context';
import type { Measurement, Verdict } from './harness';
import { openBenchStore } from './harness';

const ROWS = 5_000;
/** A valid EAN-13 per row: the import refuses codes with a wrong check digit. */
const ean13 = (i: number) => withGtinCheckDigit(String(789_000_000_000 + i));
const ROUNDS = 3;

function csv(): string {
  const lines = ['sku;nome;categoria;preco;custo;codigo_barras;tamanho;cor;estoque'];
  for (let i = 0; i < ROWS; i++) {
    const price = `${(i % 900) + 1},90`;
    lines.push(`SKU-${i};Produto ${i} Algodão;Cat ${i % 20};${price};${(i % 500) + 1},10;${ean13(i)};M;Azul;3`);
  }
  return lines.join('\n');
}

async function freshStore(dir: string, name: string): Promise<{ app: Balcao; session: Session }> {
  const { app, session } = await openBenchStore(join(dir, `${name}.sqlite3`));
  return { app, session };
}

function timedMs(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function asMeasurement(name: string, ms: number[]): Measurement {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return { name, opsPerSecond: 1000 / median, p50Ms: median, p95Ms: sorted[sorted.length - 1] ?? 0 };
}

/**
 * catalog.import of a 5,000-row CSV (parse, validate every row, upsert, book the stock), against
 * the same 5,000 products sent one by one through the `upsert_product` action in one transaction,
 * so the ratio is the cost of parsing and checking the sheet as a whole.
 */
export async function catalogImportBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-import-'));
  const content = csv();
  const importMs: number[] = [];
  const actionMs: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await freshStore(dir, `import-${round}`);
      importMs.push(timedMs(() => a.app.dispatch('catalog.import', { format: 'csv', content }, a.session)));
      a.app.close();
      const b = await freshStore(dir, `actions-${round}`);
      actionMs.push(
        timedMs(() =>
          b.app.db.transaction(() => {
            for (let i = 0; i < ROWS; i++) {
              b.app.dispatch(
                'sales.apply',
                {
                  action: 'upsert_product',
                  transaction_data: {
                    external_id: `SKU-${i}`,
                    name: `Produto ${i} Algodão`,
                    category: `Cat ${i % 20}`,
                    kind: 'goods',
                    unit_price: ((i % 900) + 1) * 100 + 90,
                    unit_cost: ((i % 500) + 1) * 100 + 10,
                    barcodes: [ean13(i)],
                    size: 'M',
                    color: 'Azul',
                  },
                },
                b.session,
              );
            }
          }),
        ),
      );
      b.app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const imported = asMeasurement('catalog.import: 5,000-row CSV (whole file)', importMs);
  const actions = asMeasurement('upsert_product × 5,000 in one transaction', actionMs);
  return {
    measurements: [actions, imported],
    verdicts: [
      {
        label: 'catalog.import of 5,000 rows under 5 s',
        ok: imported.p50Ms < 5_000,
        detail: `median ${Math.round(imported.p50Ms)} ms = ${(imported.p50Ms / actions.p50Ms).toFixed(2)}× the upsert_product loop (${Math.round(actions.p50Ms)} ms, without stock)`,
      },
    ],
  };
}
