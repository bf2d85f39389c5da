import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addProduct, expectRefusal, lastOutboxSeq, outboxSince, sessionAs, SHIRT } from './catalog.fixtures';

const CODE = '7891234567895';
const search = (app: Awaited<ReturnType<typeof openSetUpApp>>['app'], session: Parameters<typeof addProduct>[1]) =>
  expectOk(app.dispatch('catalog.search', { query: CODE }, session)).map((v) => v.sku);

describe('removing a barcode', () => {
  it('takes the code off the variant everywhere: scan, search, the variant view; sent as an update', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = addProduct(app, session);
    expect(search(app, session)).toEqual([SHIRT.external_id]);
    const seq = lastOutboxSeq(app);
    expect(expectOk(app.dispatch('catalog.removeBarcode', { code: CODE }, session))).toEqual({
      code: CODE,
      sku: SHIRT.external_id,
    });
    expect(outboxSince(app, seq)).toMatchObject([
      { table_name: 'barcodes', row_id: CODE, kind: 'update', payload: { active: 0 } },
    ]);
    expect(app.dispatch('catalog.lookupBarcode', { code: CODE }, session)).toMatchObject({
      ok: false,
      error: { code: 'unknown_barcode' },
    });
    expect(search(app, session)).toEqual([]);
    expect(expectOk(app.dispatch('catalog.get', { variant_id: id }, session)).barcodes).toEqual([]);
  });

  it('lets the code be given to another product afterwards, and found there', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    expectOk(app.dispatch('catalog.removeBarcode', { code: CODE }, session));
    addProduct(app, session, { external_id: 'CAM-001-AZ-G', size: 'G', barcodes: [CODE] });
    expect(expectOk(app.dispatch('catalog.lookupBarcode', { code: CODE }, session)).sku).toBe('CAM-001-AZ-G');
    expect(search(app, session)).toEqual(['CAM-001-AZ-G']);
  });

  it('refuses an unknown or already removed code and a cashier, changing nothing', async () => {
    const { app, session } = await openSetUpApp();
    addProduct(app, session);
    expectRefusal(
      app,
      session,
      'catalog.removeBarcode',
      { code: '000' },
      {
        code: 'unknown_barcode',
        message: 'Código de barras não encontrado.',
      },
    );
    expectOk(app.dispatch('catalog.removeBarcode', { code: CODE }, session));
    expectRefusal(
      app,
      session,
      'catalog.removeBarcode',
      { code: CODE },
      {
        code: 'unknown_barcode',
        message: 'Código de barras não encontrado.',
      },
    );
    addProduct(app, session, { barcodes: [CODE] });
    expectRefusal(
      app,
      sessionAs('cashier'),
      'catalog.removeBarcode',
      { code: CODE },
      {
        code: 'forbidden',
        message: /permissão/,
      },
    );
  });
});
