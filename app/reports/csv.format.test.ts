import { describe, expect, it } from 'vitest';
import { csvDocument, csvLine, csvQuote } from './csv.format';
import { tableCsv } from '../analytics/charts';

describe('csv.format (the one CSV quoting rule)', () => {
  it('quotes a cell holding the delimiter, a quote, CR or LF and doubles inner quotes', () => {
    expect(csvQuote('Camisa; azul', ';')).toBe('"Camisa; azul"');
    expect(csvQuote('Camisa, azul', ';')).toBe('Camisa, azul');
    expect(csvQuote('Camisa, azul', ',')).toBe('"Camisa, azul"');
    expect(csvQuote('Diz "oi"', ';')).toBe('"Diz ""oi"""');
    expect(csvQuote('linha\r\noutra', ';')).toBe('"linha\r\noutra"');
    expect(csvQuote('linha\routra', ';')).toBe('"linha\routra"');
    expect(csvLine(['a', 'b;c', 'ção'], ';')).toBe('a;"b;c";ção');
  });

  it('builds a small table with BOM, CRLF and decimal comma for ";"', () => {
    expect(
      csvDocument([
        ['Forma', 'Valor'],
        ['PIX', 790.5],
        ['Dinheiro', null],
      ]),
    ).toBe('\uFEFFForma;Valor\r\nPIX;790,5\r\nDinheiro;\r\n');
    expect(csvDocument([['a', 1.5]], { delimiter: ',', bom: false })).toBe('a,1.5\r\n');
  });

  it('is what the dashboard chart tables export (a text with CR is quoted now, as RFC 4180 asks)', () => {
    expect(tableCsv({ header: ['Cliente', 'Valor (R$)'], rows: [['Ana\rB', 10.25]] })).toBe(
      '\uFEFFCliente;Valor (R$)\r\n"Ana\rB";10,25\r\n',
    );
  });
});
