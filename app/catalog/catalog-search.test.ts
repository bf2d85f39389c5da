import { describe, expect, it } from 'vitest';
import type { Balcao } from '../balcao';
import type { Session } from '../contract/context';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, sessionAs } from './catalog.fixtures';
import { ftsPrefixQuery } from './catalog-search.queries';

async function catalog() {
  const { app, session } = await openSetUpApp();
  const line = (sku: string, name: string, extra: object = {}) =>
    addProduct(app, session, {
      external_id: sku,
      product_external_id: sku,
      name,
      barcodes: [],
      size: null,
      color: null,
      brand: null,
      ...extra,
    });
  line('CAL-001', 'Calça Jeans Reta', { color: 'Azul', size: '40', barcodes: ['7890000000017'] });
  line('CAM-001', 'Camisa Polo', { color: 'Azul', brand: 'Hering' });
  line('TEN-001', 'Tênis Corrida', { color: 'Preto' });
  line('AZU-9', 'Bolsa Azulejo');
  line('OLD-1', 'Calça Antiga', { active: false });
  // A SKU that is also the prefix of other words: the exact match must come first.
  line('CALCA', 'Cinto de Couro');
  return { app, session };
}

function search(app: Balcao, session: Session, query: string, limit?: number) {
  return expectOk(app.dispatch('catalog.search', { query, limit }, session)).map((h) => h.sku);
}

describe('catalog.search', () => {
  it('finds by name prefix, ignoring case and accents, with the fields the counter needs', async () => {
    const { app, session } = await catalog();
    const hits = expectOk(app.dispatch('catalog.search', { query: 'TENIS corr' }, sessionAs('cashier')));
    expect(hits).toEqual([
      {
        variant_id: expect.any(String),
        sku: 'TEN-001',
        name: 'Tênis Corrida',
        size: null,
        color: 'Preto',
        price_cents: 8990,
        stock_milli: 0,
        barcodes: [],
        kind: 'goods',
        sold_by_weight: false,
      },
    ]);
    expect(search(app, session, 'calç')).toEqual(['CAL-001', 'CALCA']); // the name match, then the SKU
  });

  it('puts an exact SKU or barcode first, then name matches, then other columns', async () => {
    const { app, session } = await catalog();
    expect(search(app, session, 'calca')).toEqual(['CALCA', 'CAL-001']);
    expect(search(app, session, '7890000000017')).toEqual(['CAL-001']);
    expect(search(app, session, 'azu')).toEqual(['AZU-9', 'CAL-001', 'CAM-001']);
    expect(search(app, session, 'cam-001')).toEqual(['CAM-001']);
  });

  it('finds by SKU and barcode prefixes as they are typed', async () => {
    const { app, session } = await catalog();
    expect(search(app, session, 'TEN-0')).toEqual(['TEN-001']);
    expect(search(app, session, '789000')).toEqual(['CAL-001']);
    expect(search(app, session, 'hering')).toEqual(['CAM-001']);
  });

  it('leaves inactive products out and honours the limit', async () => {
    const { app, session } = await catalog();
    expect(search(app, session, 'antiga')).toEqual([]);
    expect(search(app, session, 'OLD-1')).toEqual([]);
    expect(search(app, session, 'c', 2)).toHaveLength(2);
  });

  it('follows catalog changes: a renamed product, a new barcode, received stock', async () => {
    const { app, session } = await catalog();
    addProduct(app, session, {
      external_id: 'CAM-001',
      product_external_id: 'CAM-001',
      name: 'Camiseta Regata',
      barcodes: ['96385074'],
      color: 'Azul',
      brand: 'Hering',
      size: null,
    });
    expect(search(app, session, 'polo')).toEqual([]);
    expect(search(app, session, 'regata')).toEqual(['CAM-001']);
    expect(search(app, session, '96385074')).toEqual(['CAM-001']);
    expectOk(app.dispatch('stock.receive', { sku: 'CAM-001', qty: 4 }, session));
    expect(expectOk(app.dispatch('catalog.search', { query: 'regata' }, session))[0]?.stock_milli).toBe(4000);
  });

  it('takes FTS5 syntax in the query literally and returns nothing for an empty query', async () => {
    const { app, session } = await catalog();
    for (const query of ['"', 'calça OR', 'NOT azul', '(camisa', '*', 'col:x', '   ', '-']) {
      expect(app.dispatch('catalog.search', { query }, session).ok).toBe(true);
    }
    expect(search(app, session, '')).toEqual([]);
    expect(search(app, session, '*')).toEqual([]);
  });
});

describe('ftsPrefixQuery', () => {
  it('quotes every word as a prefix phrase and drops words without letters or digits', () => {
    expect(ftsPrefixQuery('calça  az')).toBe('"calça"* "az"*');
    expect(ftsPrefixQuery('say "hi" - ok')).toBe('"say"* """hi"""* "ok"*');
    expect(ftsPrefixQuery(' - * ')).toBeNull();
  });
});
