import type { Db } from '../db/db';
import { newId } from '../db/ids';

/** A seeded PRNG (mulberry32): the same seed makes the same store. */
export function rng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoStore {
  id: string;
  code: string;
  zone: string;
  weight: number;
  salespeople: { id: string; rate: number }[];
}

export interface DemoVariant {
  id: string;
  productId: string;
  price: number;
  cost: number;
  kind: 'goods' | 'service';
}

const LOCATIONS: [string, string, string, number][] = [
  ['LJ01', 'Loja Centro', 'America/Sao_Paulo', 0.55],
  ['LJ02', 'Loja Shopping', 'America/Sao_Paulo', 0.3],
  ['LJ03', 'Loja Manaus', 'America/Manaus', 0.15],
];
const SELLERS = ['Carla', 'Bruno', 'Juliana', 'Rafael', 'Patrícia', 'Diego', 'Fernanda', 'Marcos'];

/** The locations (the store set up first keeps its code and becomes the main one) and their salespeople. */
export function demoStores(db: Db, now: string): DemoStore[] {
  const existing = db.statement('SELECT id, code, timezone FROM stores ORDER BY created_at, id').all() as {
    id: string;
    code: string;
    timezone: string;
  }[];
  const stores: DemoStore[] = [];
  LOCATIONS.forEach(([code, name, zone, weight], i) => {
    const found = i === 0 ? existing[0] : existing.find((s) => s.code === code);
    let id = found?.id;
    if (!id) {
      id = newId();
      db.statement(
        `INSERT INTO stores (id, code, name, timezone, city, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, code, name, zone, zone.endsWith('Manaus') ? 'Manaus' : 'São Paulo', now, now);
    }
    stores.push({ id, code: found?.code ?? code, zone: found?.timezone ?? zone, weight, salespeople: [] });
  });
  const insert = db.statement(
    `INSERT OR IGNORE INTO salespeople (id, external_id, name, store_id, commission_rate_bp, monthly_target_cents, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  SELLERS.forEach((name, i) => {
    const store = stores[i % stores.length] as DemoStore;
    const externalId = `DEMO-V${String(i + 1).padStart(2, '0')}`;
    const rate = 300 + (i % 4) * 100;
    insert.run(newId(), externalId, name, store.id, rate, 4_000_000 + i * 500_000, now, now);
    const row = db
      .statement('SELECT id, commission_rate_bp FROM salespeople WHERE external_id = ?')
      .get(externalId) as { id: string; commission_rate_bp: number };
    store.salespeople.push({ id: row.id, rate: row.commission_rate_bp });
  });
  return stores;
}

const PRODUCTS: [string, string, 'goods' | 'service', number, number][] = [
  ['Camiseta Básica', 'Roupas', 'goods', 4990, 1800],
  ['Camisa Social', 'Roupas', 'goods', 12990, 5200],
  ['Calça Jeans', 'Roupas', 'goods', 18990, 7600],
  ['Vestido Floral', 'Roupas', 'goods', 21990, 8800],
  ['Jaqueta Corta-vento', 'Roupas', 'goods', 25990, 11000],
  ['Bermuda Sarja', 'Roupas', 'goods', 9990, 4000],
  ['Tênis Corrida', 'Calçados', 'goods', 39990, 18000],
  ['Sandália Couro', 'Calçados', 'goods', 15990, 6500],
  ['Bota Cano Curto', 'Calçados', 'goods', 32990, 14500],
  ['Meia Esportiva', 'Acessórios', 'goods', 1990, 500],
  ['Boné', 'Acessórios', 'goods', 5990, 2000],
  ['Cinto Couro', 'Acessórios', 'goods', 8990, 3000],
  ['Bolsa Transversal', 'Acessórios', 'goods', 17990, 7000],
  ['Óculos de Sol', 'Acessórios', 'goods', 22990, 8000],
  ['Perfume 100 ml', 'Beleza', 'goods', 29990, 15000],
  ['Hidratante Corporal', 'Beleza', 'goods', 4590, 1500],
  ['Limpeza de Pele', 'Estética', 'service', 15000, 3000],
  ['Massagem Relaxante', 'Estética', 'service', 18000, 4000],
  ['Design de Sobrancelha', 'Estética', 'service', 6000, 1000],
  ['Manicure', 'Estética', 'service', 4000, 800],
];
const SIZES = ['P', 'M', 'G'];

/** Products with 1–3 variants each (`DEMO-…` external ids); returns the sellable variants. */
export function demoCatalog(db: Db, now: string): DemoVariant[] {
  const variants: DemoVariant[] = [];
  PRODUCTS.forEach(([name, category, kind, price, cost], i) => {
    const externalId = `DEMO-P${String(i + 1).padStart(3, '0')}`;
    db.statement(
      `INSERT OR IGNORE INTO products (id, external_id, name, category, kind, duration_minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(newId(), externalId, name, category, kind, kind === 'service' ? 60 : null, now, now);
    const productId = (db.statement('SELECT id FROM products WHERE external_id = ?').get(externalId) as { id: string })
      .id;
    const sizes = category === 'Roupas' ? SIZES : [null];
    for (const size of sizes) {
      const sku = `${externalId}${size ? `-${size}` : ''}`;
      db.statement(
        `INSERT OR IGNORE INTO variants (id, product_id, external_id, size, price_cents, cost_cents, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(newId(), productId, sku, size, price, cost, now, now);
      const v = db.statement('SELECT id, price_cents, cost_cents FROM variants WHERE external_id = ?').get(sku) as {
        id: string;
        price_cents: number;
        cost_cents: number;
      };
      variants.push({ id: v.id, productId, price: v.price_cents, cost: v.cost_cents, kind });
    }
  });
  return variants;
}

const FIRST = [
  'Ana',
  'Beatriz',
  'Carlos',
  'Daniela',
  'Eduardo',
  'Fabiana',
  'Gustavo',
  'Helena',
  'Igor',
  'Joana',
  'Lucas',
  'Mariana',
  'Nicolas',
  'Olívia',
  'Paulo',
  'Renata',
  'Sérgio',
  'Tatiane',
  'Vinícius',
  'Yasmin',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Lima',
  'Pereira',
  'Costa',
  'Rodrigues',
  'Almeida',
  'Nascimento',
  'Araújo',
  'Ferreira',
  'Carvalho',
  'Gomes',
  'Martins',
  'Rocha',
];
const CHANNELS = ['loja', 'instagram', 'indicacao', 'google', 'whatsapp'];

/** N customers (`DEMO-C…` external ids), inserted in batches; returns their ids in order. */
export function demoCustomers(db: Db, n: number, random: () => number, now: string): string[] {
  const ids: string[] = [];
  const insert = db.statement(
    `INSERT INTO customers (id, external_id, name, phone, acquisition_channel, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = (
    db.statement("SELECT count(*) AS n FROM customers WHERE external_id LIKE 'DEMO-C%'").get() as { n: number }
  ).n;
  for (let i = 0; i < n; i++) {
    const id = newId();
    const name = `${FIRST[Math.floor(random() * FIRST.length)]} ${LAST[Math.floor(random() * LAST.length)]} ${LAST[Math.floor(random() * LAST.length)]}`;
    const phone = `+55119${String(10_000_000 + ((start + i) % 89_999_999)).padStart(8, '0')}`;
    insert.run(
      id,
      `DEMO-C${String(start + i + 1).padStart(7, '0')}`,
      name,
      phone,
      CHANNELS[Math.floor(random() * CHANNELS.length)],
      now,
      now,
    );
    ids.push(id);
  }
  return ids;
}
