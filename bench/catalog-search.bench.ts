import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { upsertProduct } from '../app/catalog/catalog.service';
import { measure, type Measurement, type Verdict, openBenchStore } from './harness';

const TYPES = ['Camisa', 'Calça', 'Tênis', 'Sandália', 'Blusa', 'Vestido', 'Bermuda', 'Jaqueta', 'Saia', 'Boné'];
const STYLES = [
  'Polo',
  'Social',
  'Jeans',
  'Esportivo',
  'Casual',
  'Básica',
  'Estampada',
  'Listrada',
  'Térmica',
  'Infantil',
];
const MATERIALS = ['Algodão', 'Linho', 'Couro', 'Sintético', 'Malha', 'Seda', 'Viscose', 'Lã', 'Nylon', 'Poliéster'];
const BRANDS = ['Boa Vista', 'Olympikus', 'Hering', 'Reserva', 'Farm', 'Havaianas', 'Osklen', 'Colcci'];
const COLORS = ['Azul', 'Preto', 'Branco', 'Vermelho', 'Verde'];
const SIZES = ['P', 'M', 'G', 'GG', '40'];
const PRODUCTS = 10_000; // × 5 variants = 50,000 variants

function ean13(n: number): string {
  const base = `789${String(n).padStart(9, '0')}`;
  const sum = [...base].reduce((s, c, i) => s + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
  return `${base}${(10 - (sum % 10)) % 10}`;
}

/** What a cashier types, one keystroke at a time, plus scanned barcodes and SKUs. */
function typedQueries(): string[] {
  const words = ['camisa polo algodao', 'calça jeans', 'tenis esportivo couro', 'vestido seda azul', 'bone infantil'];
  const out: string[] = [];
  for (const w of words) for (let i = 1; i <= w.length; i++) out.push(w.slice(0, i));
  for (let i = 0; i < 40; i++) out.push(ean13(i * 997), `P${String(i * 131).padStart(5, '0')}`, `P0${i}`);
  return out;
}

/** catalog.search over 50,000 variants through the whole contract, against a raw primary-key read. */
export async function catalogSearchBench(): Promise<{ measurements: Measurement[]; verdicts: Verdict[] }> {
  process.env.BALCAO_LOG = 'silent';
  const dir = mkdtempSync(join(tmpdir(), 'balcao-bench-'));
  const path = join(dir, 'bench.sqlite3');
  const { app, session } = await openBenchStore(path);
  const ctx = { db: app.db, session, clock: { now: () => new Date() } };
  const ids: string[] = [];
  app.db.transaction(() => {
    for (let p = 0; p < PRODUCTS; p++) {
      const name = `${TYPES[p % 10]} ${STYLES[Math.floor(p / 10) % 10]} ${MATERIALS[Math.floor(p / 100) % 10]}`;
      for (let v = 0; v < 5; v++) {
        const n = p * 5 + v;
        const sku = `P${String(p).padStart(5, '0')}-${COLORS[v]}-${SIZES[v]}`;
        const { id } = upsertProduct(ctx, {
          external_id: sku.toUpperCase(),
          product_external_id: `P${String(p).padStart(5, '0')}`,
          name,
          category: TYPES[p % 10] ?? 'Outros',
          kind: 'goods',
          unit_price: 1990 + (n % 500) * 100,
          unit_cost: 900,
          barcodes: [ean13(n)],
          size: SIZES[v],
          color: COLORS[v],
          brand: BRANDS[p % BRANDS.length],
        });
        ids.push(id);
      }
    }
  });

  const raw = new BetterSqlite3(path, { readonly: true });
  const byId = raw.prepare('SELECT * FROM variants WHERE id = ?');
  const baseline = measure('raw better-sqlite3: variant by primary key', 20_000, (i) => byId.get(ids[i % ids.length]));
  const queries = typedQueries();
  const search = measure('contract: catalog.search (50k variants)', 5_000, (i) => {
    const result = app.dispatch('catalog.search', { query: queries[i % queries.length] }, session);
    if (!result.ok) throw new Error(result.error.message);
  });
  raw.close();
  app.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    measurements: [baseline, search],
    verdicts: [
      {
        label: 'catalog.search p95 under 10 ms over 50,000 variants',
        ok: search.p95Ms < 10,
        detail: `p95 ${search.p95Ms.toFixed(3)} ms (limit 10 ms; raw pk read p95 ${baseline.p95Ms.toFixed(3)} ms)`,
      },
    ],
  };
}
