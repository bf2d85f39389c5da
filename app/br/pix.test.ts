import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16ccittFalse } from './crc16';
import { buildPixPayload, decodePixPayload, parsePixPayload, parseTlv, type PixPayloadInput } from './pix';

// Static example from Banco Central's "Manual de Padrões para Iniciação do Pix".
const BCB_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const EVP = '123e4567-e12b-12d1-a456-426655440000';
const BASE: PixPayloadInput = { key: EVP, merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA' };

function withCrc(body: string): string {
  return body + '6304' + crc16ccittFalse(body + '6304');
}

describe('buildPixPayload', () => {
  it('reproduces the Banco Central manual example byte for byte', () => {
    expect(buildPixPayload(BASE)).toBe(BCB_EXAMPLE);
  });

  it('writes the amount with two decimals from integer centavos', () => {
    expect(buildPixPayload({ ...BASE, amountCents: 1050 })).toContain('530398654051' + '0.505802BR');
    expect(buildPixPayload({ ...BASE, amountCents: 1 })).toContain('54040.01');
    expect(buildPixPayload({ ...BASE, amountCents: 100 })).toContain('54041.00');
    expect(buildPixPayload({ ...BASE, amountCents: 123456789 })).toContain('54101234567.89');
  });

  it('omits field 54 when there is no amount', () => {
    expect(parsePixPayload(buildPixPayload(BASE)).has('54')).toBe(false);
  });

  it('rejects amounts that are not positive integer centavos', () => {
    for (const amountCents of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => buildPixPayload({ ...BASE, amountCents })).toThrow(/positive integer number of centavos/);
    }
  });

  it('limits the amount to 13 characters', () => {
    expect(buildPixPayload({ ...BASE, amountCents: 999_999_999_999 })).toContain('54139999999999.99');
    expect(() => buildPixPayload({ ...BASE, amountCents: 1_000_000_000_000 })).toThrow(/maximum is 13/);
  });

  it('strips accents from name and city', () => {
    const payload = buildPixPayload({ ...BASE, merchantName: 'João da Conceição', merchantCity: 'São Luís' });
    expect(payload).toContain('5917Joao da Conceicao6008Sao Luis');
    expect(() => parsePixPayload(payload)).not.toThrow();
  });

  it('allows a 25-character name and rejects 26', () => {
    const name25 = 'N'.repeat(25);
    expect(buildPixPayload({ ...BASE, merchantName: name25 })).toContain('5925' + name25 + '60');
    expect(() => buildPixPayload({ ...BASE, merchantName: 'N'.repeat(26) })).toThrow(
      /merchant name .* has 26 characters; the maximum is 25/,
    );
  });

  it('counts the name length after stripping accents', () => {
    expect(buildPixPayload({ ...BASE, merchantName: 'É'.repeat(25) })).toContain('5925' + 'E'.repeat(25));
  });

  it('allows a 15-character city and rejects 16', () => {
    expect(buildPixPayload({ ...BASE, merchantCity: 'C'.repeat(15) })).toContain('6015' + 'C'.repeat(15) + '62');
    expect(() => buildPixPayload({ ...BASE, merchantCity: 'C'.repeat(16) })).toThrow(
      /merchant city .* has 16 characters; the maximum is 15/,
    );
  });

  it('rejects empty or non-ASCII names and cities', () => {
    expect(() => buildPixPayload({ ...BASE, merchantName: '   ' })).toThrow(/merchant name must not be empty/);
    expect(() => buildPixPayload({ ...BASE, merchantCity: '' })).toThrow(/merchant city must not be empty/);
    expect(() => buildPixPayload({ ...BASE, merchantName: 'Café ☕' })).toThrow(/cannot be written as ASCII/);
  });

  it('uses *** as the default txid and accepts up to 25 alphanumerics', () => {
    expect(buildPixPayload(BASE)).toContain('62070503***6304');
    expect(buildPixPayload({ ...BASE, txid: 'PEDIDO123' })).toContain('62130509PEDIDO1236304');
    const txid25 = 'aB3'.repeat(8) + 'Z';
    expect(buildPixPayload({ ...BASE, txid: txid25 })).toContain('62290525' + txid25 + '6304');
  });

  it('rejects long or non-alphanumeric txids', () => {
    expect(() => buildPixPayload({ ...BASE, txid: 'T'.repeat(26) })).toThrow(/has 26 characters; the maximum is 25/);
    expect(() => buildPixPayload({ ...BASE, txid: 'pedido-1' })).toThrow(/only letters/);
    expect(() => buildPixPayload({ ...BASE, txid: '' })).toThrow(/only letters/);
  });

  it('puts the description in field 26-02, without accents', () => {
    const payload = buildPixPayload({ ...BASE, description: 'Pedido nº 42 café' });
    const account = parseTlv(parsePixPayload(payload).get('26') ?? '');
    expect(account.get('02')).toBe('Pedido no 42 cafe');
  });

  it('omits a blank description', () => {
    expect(buildPixPayload({ ...BASE, description: '  ' })).toBe(BCB_EXAMPLE);
  });

  it('rejects a description that overflows field 26', () => {
    // 18 (GUI) + 40 (EVP key) + 4 leaves 37 characters for the description.
    expect(buildPixPayload({ ...BASE, description: 'd'.repeat(37) })).toContain('2699');
    expect(() => buildPixPayload({ ...BASE, description: 'd'.repeat(38) })).toThrow(/field 26; the maximum is 99/);
  });

  it('rejects invalid keys with a hint about the accepted formats', () => {
    expect(() => buildPixPayload({ ...BASE, key: '529.982.247-25' })).toThrow(
      /not a valid key: use a CPF or CNPJ without punctuation/,
    );
    expect(() => buildPixPayload({ ...BASE, key: 'nope' })).toThrow(/PIX key "nope"/);
  });

  it('accepts every key type', () => {
    for (const key of ['52998224725', '12ABC34501DE35', '+5511987654321', 'loja@example.com', EVP]) {
      const payload = buildPixPayload({ ...BASE, key });
      expect(decodePixPayload(payload).key).toBe(key);
    }
  });
});

describe('parsePixPayload', () => {
  it('parses the Banco Central example into its top-level fields', () => {
    const fields = parsePixPayload(BCB_EXAMPLE);
    expect([...fields.keys()]).toEqual(['00', '26', '52', '53', '58', '59', '60', '62', '63']);
    expect(fields.get('26')).toBe('0014br.gov.bcb.pix0136' + EVP);
    expect(fields.get('59')).toBe('Fulano de Tal');
    expect(fields.get('63')).toBe('1D3D');
  });

  it('accepts a lowercase CRC and surrounding whitespace', () => {
    expect(parsePixPayload(` ${BCB_EXAMPLE.slice(0, -4)}1d3d\n`).get('63')).toBe('1d3d');
  });

  it('rejects a wrong CRC', () => {
    expect(() => parsePixPayload(BCB_EXAMPLE.slice(0, -4) + '1D3C')).toThrow(/CRC is 1D3C, expected 1D3D/);
  });

  it('rejects a tampered body', () => {
    expect(() => parsePixPayload(BCB_EXAMPLE.replace('Fulano', 'Fulana'))).toThrow(/CRC/);
  });

  it('rejects payloads without the format indicator or the CRC field', () => {
    expect(() => parsePixPayload(BCB_EXAMPLE.slice(6))).toThrow(/000201/);
    expect(() => parsePixPayload(BCB_EXAMPLE.slice(0, -8))).toThrow(/6304XXXX/);
  });

  it('rejects truncated payloads', () => {
    expect(() => parsePixPayload(BCB_EXAMPLE.slice(0, -2))).toThrow(/runs past the end/);
  });
});

describe('parseTlv', () => {
  it('reads nested fields', () => {
    expect(parseTlv('0503***')).toEqual(new Map([['05', '***']]));
    expect(parseTlv('')).toEqual(new Map());
  });

  it('rejects malformed headers, overruns and duplicates', () => {
    expect(() => parseTlv('05x3***')).toThrow(/Malformed TLV header/);
    expect(() => parseTlv('050')).toThrow(/Malformed TLV header/);
    expect(() => parseTlv('0505***')).toThrow(/runs past the end/);
    expect(() => parseTlv('0501a0501b')).toThrow(/more than once/);
  });
});

describe('decodePixPayload', () => {
  it('decodes the Banco Central example', () => {
    expect(decodePixPayload(BCB_EXAMPLE)).toEqual({ ...BASE, txid: '***' });
  });

  it('accepts an uppercase GUI and fractional amounts written by other generators', () => {
    const payload = withCrc(
      '00020126360014BR.GOV.BCB.PIX0114+55119876543215204000053039865404' +
        '10.55802BR5904Loja6009SAO PAULO62070503***',
    );
    expect(decodePixPayload(payload)).toEqual({
      key: '+5511987654321',
      amountCents: 1050,
      merchantName: 'Loja',
      merchantCity: 'SAO PAULO',
      txid: '***',
    });
  });

  it('rejects payloads without a Pix merchant account', () => {
    const payload = withCrc('00020126310015com.example.pay0108abcdefgh5802BR5904Loja6003RIO');
    expect(() => decodePixPayload(payload)).toThrow(/GUI br.gov.bcb.pix/);
  });

  it('round-trips anything buildPixPayload accepts', () => {
    const printable = fc
      .string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-'),
        minLength: 1,
      })
      .filter((s) => s.trim().length > 0);
    const input = fc.record(
      {
        key: fc.constantFrom('52998224725', '11222333000181', '+5521998765432', 'caixa@padaria.com.br', EVP),
        amountCents: fc.integer({ min: 1, max: 999_999_999_999 }),
        merchantName: printable.filter((s) => s.trim().length <= 25),
        merchantCity: printable.filter((s) => s.trim().length <= 15),
        txid: fc.stringMatching(/^[A-Za-z0-9]{1,25}$/),
        description: printable.filter((s) => s.trim().length <= 20),
      },
      { requiredKeys: ['key', 'merchantName', 'merchantCity'] },
    );
    fc.assert(
      fc.property(input, (pix) => {
        const payload = buildPixPayload(pix);
        const decoded = decodePixPayload(payload);
        expect(decoded).toEqual({
          ...pix,
          merchantName: pix.merchantName.trim(),
          merchantCity: pix.merchantCity.trim(),
          txid: pix.txid ?? '***',
          ...(pix.description === undefined ? {} : { description: pix.description.trim() }),
        });
      }),
    );
  });
});
