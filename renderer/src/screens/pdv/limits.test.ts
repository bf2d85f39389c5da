import { describe, expect, it } from 'vitest';
import { countOf, formatBp } from '../../format';
import { addProduct, parseCartQty, stockShortage, type CartLine } from './cart';
import { discountOverLimit, parseDiscount } from './limits';

describe('a discount typed at the counter', () => {
  it('is read in R$ or in % of the base, rounded half up to the centavo', () => {
    expect(parseDiscount('10,00', 'R$', 5990)).toBe(1000);
    expect(parseDiscount('10', '%', 5990)).toBe(599);
    expect(parseDiscount('12,5', '%', 7990)).toBe(999); // 998,75 → 999
    expect(parseDiscount('', '%', 7990)).toBe(0);
  });

  it('refuses a percentage finer than basis points, above 100% or more than the base', () => {
    expect(parseDiscount('12,345', '%', 100000)).toBe('Use no máximo duas casas decimais no percentual.');
    expect(parseDiscount('101', '%', 100000)).toBe('O percentual vai de 0% a 100%.');
    expect(parseDiscount('80,00', 'R$', 5990)).toBe('O desconto é maior que o valor (R$\u00a059,90).');
    expect(parseDiscount('abc', '%', 5990)).toBe('Percentual inválido.');
  });

  it('says what the limit is when the cart passes it', () => {
    const totals = { subtotal: 7990, lineDiscounts: 0, orderDiscount: 2000, total: 5990 };
    expect(discountOverLimit(totals, 1000)).toBe(
      'O desconto de R$\u00a020,00 passa do seu limite de 10% (até R$\u00a07,99 nesta venda). Um gerente precisa aprovar.',
    );
    expect(discountOverLimit({ ...totals, orderDiscount: 799 }, 1000)).toBeNull();
  });
});

describe('stock when a line is added or its quantity typed', () => {
  const line = (stockMilli: number | null): CartLine =>
    addProduct([], {
      sku: 'T38',
      name: 'Tênis',
      size: '38',
      color: 'Azul',
      price_cents: 100,
      stock_milli: stockMilli ?? 0,
      kind: stockMilli === null ? 'service' : 'goods',
    })[0] as CartLine;

  it('says how many are in stock', () => {
    expect(stockShortage(line(2000), 3, false)).toBe('Estoque insuficiente de Tênis 38 Azul: há 2 em estoque.');
    expect(stockShortage(line(0), 1, false)).toBe('Sem estoque de Tênis 38 Azul.');
    expect(stockShortage(line(2000), 2, false)).toBeNull();
  });

  it('lets services and stores that sell without stock through', () => {
    expect(stockShortage(line(null), 5, false)).toBeNull();
    expect(stockShortage(line(0), 5, true)).toBeNull();
  });

  it('refuses half a pair of shoes but not 1,5 kg', () => {
    expect(parseCartQty('1,5', false)).toBe('Este produto não é vendido por peso: use uma quantidade inteira.');
    expect(parseCartQty('1,5', true)).toBe(1.5);
  });
});

describe('counts in pt-BR', () => {
  it('agree with the number', () => {
    expect(countOf(1, 'item', 'itens')).toBe('1 item');
    expect(countOf(2, 'item', 'itens')).toBe('2 itens');
    expect(countOf(1, 'venda')).toBe('1 venda');
    expect(countOf(1200, 'venda')).toBe('1.200 vendas');
    expect(formatBp(1250)).toBe('12,5%');
  });
});
