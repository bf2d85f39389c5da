import { describe, expect, it } from 'vitest';
import { isValidPixKey, pixKeyType } from './pix-key';

describe('pixKeyType', () => {
  it.each([
    ['52998224725', 'cpf'],
    ['11222333000181', 'cnpj'],
    ['12ABC34501DE35', 'cnpj'],
    ['+5511987654321', 'phone'],
    ['+5592912345678', 'phone'],
    ['123e4567-e12b-12d1-a456-426655440000', 'evp'],
    ['123E4567-E12B-12D1-A456-426655440000', 'evp'],
    ['fulano@example.com', 'email'],
    ['fulano.de.tal+loja@mail.example.com.br', 'email'],
  ] as const)('classifies %s as %s', (key, type) => {
    expect(pixKeyType(key)).toBe(type);
    expect(isValidPixKey(key)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['529.982.247-25', 'punctuated CPF'],
    ['52998224724', 'CPF with wrong check digits'],
    ['11111111111', 'repeated CPF'],
    ['11.222.333/0001-81', 'punctuated CNPJ'],
    ['11222333000182', 'CNPJ with wrong check digits'],
    ['12abc34501de35', 'lowercase alphanumeric CNPJ'],
    ['5511987654321', 'phone without +'],
    ['+551187654321', 'landline'],
    ['+5501987654321', 'DDD with a zero'],
    ['+14155550123', 'foreign phone'],
    ['+55119876543210', 'phone with too many digits'],
    ['123e4567-e12b-12d1-a456-42665544000', 'short UUID'],
    ['123e4567e12b12d1a456426655440000', 'UUID without dashes'],
    ['fulano@localhost', 'email without a dot in the domain'],
    ['fulano example.com', 'email without @'],
    ['fulano@@example.com', 'email with two @'],
    ['fulano@-example.com', 'email domain starting with -'],
  ])('rejects %s (%s)', (key) => {
    expect(pixKeyType(key)).toBeNull();
    expect(isValidPixKey(key)).toBe(false);
  });

  it('caps e-mail keys at 77 characters', () => {
    const domain = '@example.com';
    const at77 = 'a'.repeat(77 - domain.length) + domain;
    expect(at77).toHaveLength(77);
    expect(pixKeyType(at77)).toBe('email');
    expect(pixKeyType('a' + at77)).toBeNull();
  });
});
