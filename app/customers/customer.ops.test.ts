import { describe, expect, it } from 'vitest';
import { newSession } from '../contract/context';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { expectRefusal, lastOutboxSeq, outboxSince, sessionAs } from '../catalog/catalog.fixtures';
import { normalizePhone } from './customer.schemas';

const JOAO = {
  external_id: 'CLI001',
  name: 'João Silva Santos',
  cpf: '529.982.247-25',
  email: ' Joao.Silva@Email.com ',
  phone: '(85) 99999-9999',
  birth_date: '1985-05-15',
  address: { street: 'Rua das Flores, 123', city: 'Fortaleza', state: 'CE' },
  preferences: { size: '42', communication_channel: 'whatsapp' },
  acquisition_channel: 'ORGANIC',
};

type App = Awaited<ReturnType<typeof openSetUpApp>>['app'];

function customerRow(app: App, id: string) {
  return app.db.raw.prepare('SELECT * FROM customers WHERE id = ?').get(id) as Record<string, unknown>;
}

describe('customers.upsert', () => {
  it('creates a customer with normalized CPF, phone and e-mail, and structured data as JSON', async () => {
    const { app, session } = await openSetUpApp();
    const { id, created } = expectOk(app.dispatch('customers.upsert', JOAO, session));
    expect(created).toBe(true);
    expect(expectOk(app.dispatch('customers.get', { customer_id: id }, session))).toMatchObject({
      id,
      external_id: 'CLI001',
      name: 'João Silva Santos',
      cpf: '52998224725',
      email: 'joao.silva@email.com',
      phone: '85999999999',
      birth_date: '1985-05-15',
      address: JSON.stringify(JOAO.address),
      preferences: JSON.stringify(JOAO.preferences),
      acquisition_channel: 'ORGANIC',
    });
  });

  it('updates by external id, sending only the changed columns, and keeps omitted fields', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = expectOk(app.dispatch('customers.upsert', JOAO, session));
    const seq = lastOutboxSeq(app);
    const update = { external_id: 'CLI001', name: 'João Silva Santos', phone: '+55 85 98888-7777', email: null };
    expect(expectOk(app.dispatch('customers.upsert', update, session))).toEqual({ id, created: false });
    const entries = outboxSince(app, seq);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ table_name: 'customers', row_id: id, kind: 'update' });
    expect(entries[0]?.payload).toEqual({ phone: '85988887777', email: null, updated_at: expect.any(String) });
    expect(customerRow(app, id)).toMatchObject({ cpf: '52998224725', birth_date: '1985-05-15' });
  });

  it('refuses a CPF that belongs to another customer and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectOk(app.dispatch('customers.upsert', JOAO, session));
    expectRefusal(
      app,
      session,
      'customers.upsert',
      { external_id: 'CLI002', name: 'Outra Pessoa', cpf: '52998224725' },
      { code: 'cpf_taken', message: 'O CPF 529.982.247-25 já está cadastrado para outro cliente.' },
    );
  });

  it('lets a customer keep their own CPF on update', async () => {
    const { app, session } = await openSetUpApp();
    const { id } = expectOk(app.dispatch('customers.upsert', JOAO, session));
    expect(expectOk(app.dispatch('customers.upsert', { ...JOAO, name: 'João S. Santos' }, session)).id).toBe(id);
  });

  it.each([
    ['an invalid CPF', { cpf: '529.982.247-24' }, 'cpf', 'CPF inválido.'],
    [
      'a phone without DDD',
      { phone: '99999-9999' },
      'phone',
      'Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.',
    ],
    [
      'a foreign phone',
      { phone: '+1 415 555 0100' },
      'phone',
      'Telefone inválido: informe DDD e número, ex.: (11) 98765-4321.',
    ],
    ['an invalid e-mail', { email: 'joao@' }, 'email', 'E-mail inválido.'],
    ['a Brazilian-style date', { birth_date: '15/05/1985' }, 'birth_date', 'Use a data no formato AAAA-MM-DD.'],
    ['a date that does not exist', { birth_date: '1985-02-30' }, 'birth_date', 'Data inválida.'],
    ['a one-letter name', { name: 'J' }, 'name', 'Informe o nome do cliente.'],
  ])('refuses %s and changes nothing', async (_label, change, path, message) => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'customers.upsert',
      { ...JOAO, ...change },
      {
        code: 'invalid_input',
        message: `Dados inválidos (${path}: ${message}).`,
      },
    );
  });

  it('refuses a birth date in the future and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'customers.upsert',
      { ...JOAO, birth_date: '2999-01-01' },
      {
        code: 'invalid_birth_date',
        message: 'Data de nascimento no futuro: 2999-01-01.',
      },
    );
  });

  it('needs customers.manage', async () => {
    const { app } = await openSetUpApp();
    expectRefusal(app, sessionAs('professional'), 'customers.upsert', JOAO, {
      code: 'forbidden',
      message: 'Seu perfil não tem permissão para esta ação.',
    });
    expectRefusal(
      app,
      newSession(),
      'customers.find',
      { query: 'jo' },
      {
        code: 'unauthenticated',
        message: 'Entre com seu usuário para continuar.',
      },
    );
  });
});

describe('customers.quickCreate', () => {
  it('creates from name and phone at the counter, and a double submit returns the same customer', async () => {
    const { app } = await openSetUpApp();
    const cashier = sessionAs('cashier');
    const first = expectOk(
      app.dispatch('customers.quickCreate', { name: 'Ana Lúcia', phone: '11 3333-4444' }, cashier),
    );
    expect(first.created).toBe(true);
    expect(customerRow(app, first.id)).toMatchObject({ name: 'Ana Lúcia', phone: '1133334444', external_id: null });
    const again = expectOk(
      app.dispatch(
        'customers.quickCreate',
        { name: 'ANA LUCIA', phone: '(11) 3333-4444', cpf: '111.444.777-35' },
        cashier,
      ),
    );
    expect(again).toEqual({ id: first.id, created: false });
    expect(customerRow(app, first.id).cpf).toBe('11144477735');
    const other = expectOk(app.dispatch('customers.quickCreate', { name: 'Pedro', phone: '11 3333-4444' }, cashier));
    expect(other.created).toBe(true);
  });

  it('refuses a CPF already in use and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectOk(app.dispatch('customers.upsert', JOAO, session));
    expectRefusal(
      app,
      session,
      'customers.quickCreate',
      { name: 'Zé', phone: '11987654321', cpf: '52998224725' },
      {
        code: 'cpf_taken',
        message: 'O CPF 529.982.247-25 já está cadastrado para outro cliente.',
      },
    );
  });

  it('requires a phone', async () => {
    const { app, session } = await openSetUpApp();
    const error = expectRefusal(
      app,
      session,
      'customers.quickCreate',
      { name: 'Zé Maria' },
      {
        code: 'invalid_input',
        message: /^Dados inválidos \(phone: /,
      },
    );
    expect(error.details?.issues).toEqual([{ path: 'phone', message: expect.any(String) }]);
  });
});

describe('customers.find and customers.get', () => {
  async function people() {
    const { app, session } = await openSetUpApp();
    const add = (external_id: string, name: string, extra: object = {}) =>
      expectOk(app.dispatch('customers.upsert', { external_id, name, ...extra }, session)).id;
    const ids = {
      joao: add('C1', 'João Silva', { cpf: '52998224725', phone: '85999999999' }),
      joana: add('C2', 'Joana Araújo', { phone: '11987654321' }),
      conceicao: add('C3', 'Maria da Conceição', { cpf: '11144477735' }),
    };
    return { app, session: sessionAs('cashier'), ids };
  }
  const find = (app: App, session: ReturnType<typeof sessionAs>, query: string) =>
    expectOk(app.dispatch('customers.find', { query }, session)).map((c) => c.name);

  it('finds by name prefix of any word, ignoring case and accents', async () => {
    const { app, session } = await people();
    expect(find(app, session, 'jo')).toEqual(['Joana Araújo', 'João Silva']);
    expect(find(app, session, 'JOAO')).toEqual(['João Silva']);
    expect(find(app, session, 'conceicao')).toEqual(['Maria da Conceição']);
    expect(find(app, session, 'maria conc')).toEqual(['Maria da Conceição']);
    expect(find(app, session, 'arau')).toEqual(['Joana Araújo']);
    expect(find(app, session, '')).toEqual([]);
  });

  it('finds by CPF or phone digits, however they are written', async () => {
    const { app, session } = await people();
    expect(find(app, session, '529.982.247-25')).toEqual(['João Silva']);
    expect(find(app, session, '111.444')).toEqual(['Maria da Conceição']);
    expect(find(app, session, '(11) 98765')).toEqual(['Joana Araújo']);
    expect(find(app, session, '+55 85 99999-9999')).toEqual(['João Silva']);
    expect(find(app, session, '000')).toEqual([]);
  });

  it('follows renames', async () => {
    const { app, ids } = await people();
    const session = sessionAs('owner');
    expectOk(app.dispatch('customers.upsert', { external_id: 'C2', name: 'Joana Prado' }, session));
    expect(find(app, session, 'araujo')).toEqual([]);
    expect(expectOk(app.dispatch('customers.find', { query: 'prado' }, session))).toEqual([
      { id: ids.joana, external_id: 'C2', name: 'Joana Prado', cpf: null, phone: '11987654321', email: null },
    ]);
  });

  it('refuses an unknown customer id, naming it', async () => {
    const { app, session } = await people();
    expectRefusal(
      app,
      session,
      'customers.get',
      { customer_id: 'nope' },
      {
        code: 'unknown_customer',
        message: 'Cliente não encontrado: nope.',
      },
    );
  });
});

describe('normalizePhone', () => {
  it('accepts the usual Brazilian ways of writing a phone', () => {
    expect(normalizePhone('(11) 98765-4321')).toBe('11987654321');
    expect(normalizePhone('+55 11 98765-4321')).toBe('11987654321');
    expect(normalizePhone('5511987654321')).toBe('11987654321');
    expect(normalizePhone('011 98765-4321')).toBe('11987654321');
    expect(normalizePhone('11 3333.4444')).toBe('1133334444');
  });

  it('reads phones as the leads and PIX keys do (libphonenumber): an old 8-digit mobile gets its 9, a DDD that does not exist is refused', () => {
    expect(normalizePhone('(11) 8765-4321')).toBe('11987654321');
    expect(normalizePhone('0xx21 98765-4321')).toBe('21987654321');
    expect(normalizePhone('(20) 98765-4321')).toBeNull();
  });

  it('rejects numbers without DDD, impossible DDDs, and non-Brazilian or non-phone text', () => {
    for (const bad of [
      '98765-4321',
      '(01) 98765-4321',
      '(11) 18765-4321',
      '+1 415 555 0100',
      'fone 11 98765-4321',
      '0800 123 4567',
    ]) {
      expect(normalizePhone(bad)).toBeNull();
    }
  });
});
