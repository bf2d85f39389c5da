import { describe, expect, it } from 'vitest';
import { normalizePhoneBR } from './phone';
import { hasPhoneFormatting, readPixKey } from './pix-key-input';

describe('normalizePhoneBR', () => {
  it.each([
    ['11 98765-4374', '+5511987654374', 'mobile'],
    ['(11) 98765-4321', '+5511987654321', 'mobile'],
    ['+55 11 98765-4321', '+5511987654321', 'mobile'],
    ['5511987654321', '+5511987654321', 'mobile'],
    ['0xx11 98765-4321', '+5511987654321', 'mobile'],
    ['0 21 11 98765-4321', '+5511987654321', 'mobile'],
    ['(11) 8765-4321', '+5511987654321', 'mobile'],
    ['(11) 3456-7890', '+551134567890', 'fixed'],
  ])('%s → %s (%s)', (raw, e164, kind) => {
    expect(normalizePhoneBR(raw)).toMatchObject({ e164, kind });
  });

  it('refuses a mobile that cannot exist instead of reading part of it as a carrier code', () => {
    // libphonenumber alone turns it into +5519987654321, someone else's line.
    expect(normalizePhoneBR('(11) 18765-4321')).toBeNull();
    expect(normalizePhoneBR('11 18765-4321')).toBeNull();
  });

  it('fills in the default DDD, and adds the ninth digit only when asked', () => {
    expect(normalizePhoneBR('98765-4321', { defaultDdd: '31' })?.e164).toBe('+5531987654321');
    expect(normalizePhoneBR('98765-4321')).toBeNull();
    expect(normalizePhoneBR('(11) 8765-4321', { addNinthDigit: false })).toBeNull();
  });

  it.each(['', '12345', '52998224725', '+14155550123', 'fulano@example.com', '11 98765-4374 ramal 2'])(
    'refuses %j',
    (raw) => {
      expect(normalizePhoneBR(raw)).toBeNull();
    },
  );
});

describe('readPixKey', () => {
  it('reads a masked phone whose digits pass the CPF check as a phone, never as a CPF', () => {
    expect(readPixKey('11 98765-4374')).toEqual({ ok: true, key: '+5511987654374', type: 'phone' });
    expect(readPixKey('(11) 98765-4374')).toEqual({ ok: true, key: '+5511987654374', type: 'phone' });
    expect(readPixKey('11987654374', 'cpf')).toEqual({ ok: true, key: '11987654374', type: 'cpf' });
    expect(readPixKey('11 98765-4374', 'cpf')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('asks which one a bare number is when it is both a valid CPF and a mobile', () => {
    expect(readPixKey('11987654374')).toEqual({
      ok: false,
      reason: 'ambiguous',
      cpf: '11987654374',
      phone: '+5511987654374',
    });
    expect(readPixKey('11987654374', 'phone')).toEqual({ ok: true, key: '+5511987654374', type: 'phone' });
  });

  it.each([
    ['52998224725', '52998224725', 'cpf'],
    ['529.982.247-25', '52998224725', 'cpf'],
    ['11.222.333/0001-81', '11222333000181', 'cnpj'],
    ['12.ABC.345/01DE-35', '12ABC34501DE35', 'cnpj'],
    ['+55 11 98765-4321', '+5511987654321', 'phone'],
    ['5511987654321', '+5511987654321', 'phone'],
    ['+5511987654321', '+5511987654321', 'phone'],
    ['fulano+loja@example.com', 'fulano+loja@example.com', 'email'],
    ['123e4567-e12b-12d1-a456-426655440000', '123e4567-e12b-12d1-a456-426655440000', 'evp'],
    ['abcdef01-1234-5678-9abc-426655440000', 'abcdef01-1234-5678-9abc-426655440000', 'evp'],
  ])('reads %s as %s (%s)', (raw, key, type) => {
    expect(readPixKey(raw)).toEqual({ ok: true, key, type });
  });

  it.each(['(11) 3456-7890', '52998224724', '+14155550123', '11 98765', 'qualquer coisa', '11.222.333/0001-82'])(
    'refuses %s',
    (raw) => {
      expect(readPixKey(raw)).toEqual({ ok: false, reason: 'invalid' });
    },
  );

  it('knows phone formatting from CPF and CNPJ punctuation', () => {
    for (const text of ['11 98765-4374', '(11)98765-4374', '+5511987654374', '98765-4374']) {
      expect(hasPhoneFormatting(text)).toBe(true);
    }
    for (const text of ['529.982.247-25', '11.222.333/0001-81', '11987654374', '529982247-25']) {
      expect(hasPhoneFormatting(text)).toBe(false);
    }
  });
});
