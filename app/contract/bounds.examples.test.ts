import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parsePixPayload } from '../br/pix';
import { dumpContent, expectOk, openSetUpApp } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';
import { boundedJsonObject, identifier, line, percentage, percentageBp, percentToBpExact, text } from './schemas';
import { useBrazilianPortuguese } from './zod-pt-br';

function errorOf(result: {
  ok: boolean;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}) {
  if (result.ok || !result.error) throw new Error('expected an error');
  const issues = (result.error.details?.issues ?? []) as { path: string; message: string }[];
  return { code: result.error.code, message: result.error.message, issues };
}

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('the faults of the issues, as examples', () => {
  it('a NUL in catalog.search text is invalid_input, not internal_error', async () => {
    const { app, session } = await openSetUpApp();
    const e = errorOf(app.dispatch('catalog.search', { query: 'a\u0000b' }, session));
    expect(e.code).toBe('invalid_input');
    expect(e.issues[0]?.path).toBe('query');
  });

  it('pix.charge of 1.000.000.000.000 centavos is invalid_input; R$ 999.999.999,99 builds a code', async () => {
    const { app, session } = await openSetUpApp();
    expectOk(app.dispatch('store.update', { city: 'Campinas', pix_key: '11222333000181' }, session));
    const e = errorOf(app.dispatch('pix.charge', { amount_cents: 1_000_000_000_000 }, session));
    expect(e.code).toBe('invalid_input');
    expect(e.issues[0]).toEqual({
      path: 'amount_cents',
      message: 'Valor grande demais: o máximo é R$ 999.999.999,99.',
    });
    const top = expectOk(app.dispatch('pix.charge', { amount_cents: 99_999_999_999 }, session));
    expect(parsePixPayload(top.payload).get('54')).toBe('999999999.99');
  });

  it('a sale external_id with a NUL and a 1 MB reason are refused and nothing is stored', async () => {
    const { app, session } = await openStoreWithCatalog();
    const before = dumpContent(app.db);
    const nul = errorOf(
      app.dispatch(
        'sales.apply',
        { action: 'register_sale', transaction_data: saleData({ external_id: 'S\u00001' }) },
        session,
      ),
    );
    expect(nul.issues.map((i) => i.path)).toEqual(['transaction_data.external_id']);
    applyOk(app, session, 'register_sale', saleData());
    const afterSale = dumpContent(app.db);
    const big = errorOf(
      app.dispatch('sales.cancel', { reference_external_id: 'S-1', reason: 'x'.repeat(1_000_000) }, session),
    );
    expect(big.issues).toEqual([{ path: 'reason', message: 'Texto longo demais: o máximo é 1000 caracteres.' }]);
    expect(dumpContent(app.db)).toEqual(afterSale);
    expect(afterSale).not.toEqual(before);
  });

  it('an integer of 2^53 for a price is refused before it can reach the arithmetic', async () => {
    const { app, session } = await openSetUpApp();
    const e = errorOf(
      app.dispatch(
        'catalog.upsertProduct',
        { external_id: 'P1', name: 'Caro', category: 'X', kind: 'goods', unit_price: 2 ** 53 },
        session,
      ),
    );
    expect(new Set(e.issues.map((i) => i.path))).toEqual(new Set(['unit_price']));
    expect(e.issues.map((i) => i.message)).toContain('Valor grande demais: o máximo é R$ 999.999.999,99.');
  });

  it('a sale whose qty × price passes R$ 999.999.999,99 is amount_too_large, never internal_error', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'upsert_product', {
      external_id: 'CARO',
      name: 'Caro',
      category: 'X',
      kind: 'goods',
      unit_price: 99_999_999_999,
      unit_cost: 99_999_999_999,
    });
    const before = dumpContent(app.db);
    const sale = (external_id: string, qty: number) =>
      app.dispatch(
        'sales.apply',
        {
          action: 'register_sale',
          transaction_data: saleData({
            external_id,
            items: [{ variant_external_id: 'CARO', qty }],
            discount_amount: undefined,
            payments: [],
          }),
        },
        session,
      );
    const huge = errorOf(sale('S-HUGE', 999_999));
    expect(huge.code).toBe('amount_too_large');
    expect(huge.message).toBe('O valor da venda passa do máximo de R$ 999.999.999,99.');
    expect(errorOf(sale('S-TWO', 2)).code).toBe('amount_too_large');
    expect(dumpContent(app.db)).toEqual(before);
    expectOk(sale('S-ONE', 1));
  });

  it('customer address as JSON: 10 levels deep or 5.000 characters are refused', async () => {
    const { app, session } = await openSetUpApp();
    const deep = errorOf(
      app.dispatch('customers.upsert', { external_id: 'C1', name: 'Ana', address: nested(10) }, session),
    );
    expect(deep.issues[0]?.path).toBe('address');
    const wide = errorOf(
      app.dispatch('customers.upsert', { external_id: 'C1', name: 'Ana', address: { rua: 'x'.repeat(5000) } }, session),
    );
    expect(wide.issues[0]?.path).toBe('address');
    expectOk(
      app.dispatch('customers.upsert', { external_id: 'C1', name: 'Ana', address: { rua: 'A', numero: 10 } }, session),
    );
  });

  it('transaction_data nested 100.000 levels is invalid_input', async () => {
    const { app, session } = await openSetUpApp();
    const e = errorOf(
      app.dispatch('sales.apply', { action: 'register_sale', transaction_data: nested(100_000) }, session),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.issues[0]?.path).toBe('transaction_data');
  });
});

describe('percentages finer than basis points are refused, never rounded (issue 8 item 4)', () => {
  it('discount_percentage 12.345 is refused with a pt-BR message on sales.discount and apply_discount', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', saleData({ discount_amount: undefined, payments: [] }));
    const message = 'Use no máximo duas casas decimais no percentual (ex.: 3,55).';
    const counter = errorOf(
      app.dispatch('sales.discount', { reference_external_id: 'S-1', discount_percentage: 12.345 }, session),
    );
    expect(counter.issues).toEqual([{ path: 'discount_percentage', message }]);
    const imported = errorOf(
      app.dispatch(
        'sales.apply',
        { action: 'apply_discount', transaction_data: { reference_external_id: 'S-1', discount_percentage: 12.345 } },
        session,
      ),
    );
    expect(imported.issues).toEqual([{ path: 'transaction_data.discount_percentage', message }]);
  });

  it('commission rates of 3.555% are refused for salespeople and commission rules', async () => {
    const { app, session } = await openStoreWithCatalog();
    const person = errorOf(
      app.dispatch(
        'salespeople.upsert',
        { external_id: 'V02', name: 'Bia', location_external_id: 'LJ01', commission_rate: 3.555 },
        session,
      ),
    );
    expect(person.issues.map((i) => i.path)).toEqual(['commission_rate']);
    const rule = errorOf(
      app.dispatch('commissionRules.set', { scope: 'category', target_external_id: 'Calçados', rate: 3.555 }, session),
    );
    expect(rule.issues.map((i) => i.path)).toEqual(['rate']);
  });

  it('the counter limit takes whole basis points only', async () => {
    const { app, session } = await openSetUpApp();
    const e = errorOf(app.dispatch('counter.settings.set', { max_discount_bp: 1250.5 }, session));
    expect(e.issues.map((i) => i.path)).toEqual(['max_discount_bp']);
  });

  it('converts by integer math on the decimal text: 0,29% is 29 bp (0.29 × 100 is 28.999…)', () => {
    expect(0.29 * 100).not.toBe(29);
    expect(percentToBpExact(0.29)).toBe(29);
    expect(percentToBpExact(12.34)).toBe(1234);
    expect(percentToBpExact(12.5)).toBe(1250);
    expect(percentToBpExact(100)).toBe(10_000);
    expect(percentToBpExact(12.345)).toBeNull();
    expect(percentToBpExact(1e-7)).toBeNull();
    expect(percentageBp.parse(3.5)).toBe(350);
    expect(percentage.safeParse(100.01).success).toBe(false);
  });
});

describe('text primitives and pt-BR messages', () => {
  it('text() strips control characters but keeps line breaks; line() refuses them', () => {
    expect(text(50).parse(' a\u0007b\nc\u001B ')).toBe('ab\nc');
    expect(text(50).safeParse('a\u0000b').success).toBe(false);
    expect(line(50).safeParse('a\tb').success).toBe(false);
    expect(line(50).safeParse('Café ☕').success).toBe(true);
    expect(line(50).parse(' 7891234567895\r\n')).toBe('7891234567895');
    expect(boundedJsonObject().safeParse({ k: 'a\u0000' }).success).toBe(false);
  });

  it('C1 controls and the Unicode line/paragraph separators: refused in identifiers and one-line text, C1 stripped from free text', () => {
    for (const bad of ['\u0080', '\u0085', '\u009F', '\u2028', '\u2029']) {
      expect(identifier().safeParse(`SKU${bad}1`).success).toBe(false);
      expect(line(50).safeParse(`a${bad}b`).success).toBe(false);
    }
    expect(text(50).parse('a\u0085b\u009Fc\u2028d')).toBe('abc\u2028d');
    expect(identifier().parse('Conceição-ÿ')).toBe('Conceição-ÿ');
  });

  it("zod's own messages are Brazilian Portuguese, not European", async () => {
    useBrazilianPortuguese();
    const messages = [
      z.string().max(3).safeParse('abcd').error?.issues[0]?.message,
      z.number().max(100).safeParse(101).error?.issues[0]?.message,
      z.number().int().safeParse(1.5).error?.issues[0]?.message,
      z.string().safeParse(undefined).error?.issues[0]?.message,
      z.array(z.number()).max(2).safeParse([1, 2, 3]).error?.issues[0]?.message,
    ];
    expect(messages).toEqual([
      'Texto longo demais: o máximo é 3 caracteres.',
      'Muito grande: o máximo é 100.',
      'Use um número inteiro.',
      'Campo obrigatório.',
      'Itens demais: o máximo é 2 itens.',
    ]);
    const { app, session } = await openSetUpApp();
    const e = errorOf(app.dispatch('sales.query', { limit: 10_001 }, session));
    expect(e.issues).toEqual([{ path: 'limit', message: 'Muito grande: o máximo é 10.000.' }]);
    expect(e.message).toBe('Dados inválidos (limit: Muito grande: o máximo é 10.000.).');
  });
});
