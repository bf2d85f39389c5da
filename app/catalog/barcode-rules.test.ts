import { describe, expect, it } from 'vitest';
import { gtinCheckDigit, isScientificNotation, isValidGtin, withGtinCheckDigit } from '../br/gtin';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { splitBarcodeList } from './barcode-list';
import { barcodeProblem } from './barcode-rules';
import { addProduct, expectRefusal, SHIRT } from './catalog.fixtures';

const NOT_GTIN = (code: string) =>
  `O código de barras ${code} não é um EAN/GTIN válido (confira os dígitos; códigos internos da loja precisam ser permitidos nas regras).`;

describe('GTIN check digits', () => {
  it.each(['96385074', '036000291452', '7891234567895', '7891000100011', '17891234567892'])('accepts %s', (code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each(['7891234567894', '7', '123456', '78912345678951', '789123456789512', '7891234 67895', '7,89123E+12'])(
    'refuses %s',
    (code) => {
      expect(isValidGtin(code)).toBe(false);
    },
  );

  it('computes the GS1 check digit', () => {
    expect(gtinCheckDigit('789123456789')).toBe(5);
    expect(withGtinCheckDigit('789100010001')).toBe('7891000100011');
  });

  it('recognizes what Excel writes for long numbers', () => {
    for (const text of ['7,89123E+12', '7.89123E+12', '7,89E12', '1e+21'])
      expect(isScientificNotation(text)).toBe(true);
    for (const text of ['7891234567895', '7,89', 'E12']) expect(isScientificNotation(text)).toBe(false);
  });
});

describe('barcode lists', () => {
  it('splits on spaces, ; | and separating commas, never on a comma inside a number', () => {
    expect(splitBarcodeList('7891000100011 7891000100028;96385074|036000291452')).toEqual([
      '7891000100011',
      '7891000100028',
      '96385074',
      '036000291452',
    ]);
    expect(splitBarcodeList('7891000100011, 7891000100028')).toEqual(['7891000100011', '7891000100028']);
    expect(splitBarcodeList('7,89123E+12')).toEqual(['7,89123E+12']);
    expect(splitBarcodeList('7891000100011,7891000100028')).toEqual(['7891000100011,7891000100028']);
  });

  it('takes a store code only when internal codes are allowed', () => {
    expect(barcodeProblem('2000123', false)).toMatch(/não é um EAN\/GTIN válido/);
    expect(barcodeProblem('2000123', true)).toBeNull();
    expect(barcodeProblem('7', true)).toMatch(/nem um código interno/);
    expect(barcodeProblem('INT-0001', true)).toBe('o código de barras INT-0001 deve ter só números.');
  });
});

describe('barcodes entering the catalog', () => {
  it.each([
    ['7', NOT_GTIN('7')],
    ['7891234567894', NOT_GTIN('7891234567894')],
    [
      '7,89123E+12',
      'O código de barras 7,89123E+12 foi convertido pelo Excel em notação científica; formate a coluna como texto.',
    ],
    ['INT-0001', 'O código de barras INT-0001 deve ter só números.'],
  ])('catalog.upsertProduct refuses %s and changes nothing', async (code, message) => {
    const { app, session } = await openSetUpApp();
    const error = expectRefusal(
      app,
      session,
      'catalog.upsertProduct',
      { ...SHIRT, barcodes: [code] },
      { code: 'invalid_barcode', message },
    );
    expect(error.details).toEqual({ code, issues: [{ path: 'barcodes', message }] });
  });

  it('the upsert_product action follows the same rule', async () => {
    const { app, session } = await openSetUpApp();
    const input = { action: 'upsert_product', transaction_data: { ...SHIRT, barcodes: ['7,89123E+12'] } };
    expectRefusal(app, session, 'sales.apply', input, {
      code: 'invalid_barcode',
      message:
        'O código de barras 7,89123E+12 foi convertido pelo Excel em notação científica; formate a coluna como texto.',
    });
  });

  it("a store's own codes are accepted once the setting allows them", async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'catalog.upsertProduct',
      { ...SHIRT, barcodes: ['20001'] },
      { code: 'invalid_barcode', message: NOT_GTIN('20001') },
    );
    expectOk(app.dispatch('counter.settings.set', { allow_internal_barcodes: true }, session));
    addProduct(app, session, { barcodes: ['20001'] });
    expect(expectOk(app.dispatch('catalog.lookupBarcode', { code: '20001' }, session)).sku).toBe(SHIRT.external_id);
    // Turned off again, codes already on the variant stay and the product can still be saved.
    expectOk(app.dispatch('counter.settings.set', { allow_internal_barcodes: false }, session));
    addProduct(app, session, { barcodes: ['20001', '7891234567895'], unit_price: 9990 });
    const csv = `sku;nome;categoria;preco;ean\n${SHIRT.external_id};Camisa;Camisas;99,90;20001\nX2;Outra;Camisas;5;20002\n`;
    const error = expectRefusal(
      app,
      session,
      'catalog.import',
      { format: 'csv', content: csv },
      { code: 'import_invalid', message: 'A planilha tem 1 erro; nada foi importado.' },
    );
    expect(error.details?.errors).toEqual([`Linha 3: ${NOT_GTIN('20002').replace('O código', 'o código')}`]);
  });
});
