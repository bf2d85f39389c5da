import { describe, expect, it } from 'vitest';
import { expectOk, openSetUpApp, openTestApp, OWNER } from '../../test/helpers';
import { newSession } from '../contract/context';
import { expectRefusal, lastOutboxSeq, outboxSince, sessionAs } from '../catalog/catalog.fixtures';

describe('store.update: city, receipt width, PIX key and printing', () => {
  it('returns the new fields with their defaults from store.get', async () => {
    const { app, session } = await openSetUpApp();
    expect(expectOk(app.dispatch('store.get', {}, session))).toMatchObject({
      city: null,
      receipt_width_mm: 80,
      printing: { silent: false, printer_name: null },
    });
  });

  it('saves city, width and a canonical PIX key through the outbox, and printing locally', async () => {
    const { app, session } = await openSetUpApp();
    const seq = lastOutboxSeq(app);
    const view = expectOk(
      app.dispatch(
        'store.update',
        {
          city: 'Curitiba',
          receipt_width_mm: 58,
          pix_key: '11.222.333/0001-81',
          printing: { silent: true, printer_name: 'EPSON TM-T20' },
        },
        session,
      ),
    );
    expect(view).toMatchObject({
      city: 'Curitiba',
      receipt_width_mm: 58,
      pix_key: '11222333000181',
      printing: { silent: true, printer_name: 'EPSON TM-T20' },
    });
    const entries = outboxSince(app, seq);
    expect(entries).toEqual([
      expect.objectContaining({
        table_name: 'stores',
        kind: 'update',
        payload: { city: 'Curitiba', receipt_width_mm: 58, pix_key: '11222333000181', updated_at: expect.any(String) },
      }),
    ]);
    expect(app.db.raw.prepare("SELECT value FROM settings WHERE key = 'print.silent'").pluck().get()).toBe('true');
  });

  it('clears the PIX key with an empty text', async () => {
    const { app, session } = await openSetUpApp();
    expectOk(app.dispatch('store.update', { pix_key: 'pix@loja.com.br' }, session));
    expect(expectOk(app.dispatch('store.update', { pix_key: '' }, session)).pix_key).toBeNull();
  });

  it('refuses an invalid PIX key with a field issue and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    const error = expectRefusal(
      app,
      session,
      'store.update',
      { city: 'Curitiba', pix_key: '123' },
      {
        code: 'invalid_pix_key',
        message: 'Chave PIX inválida: use CPF, CNPJ, e-mail, celular (com ou sem +55) ou chave aleatória.',
      },
    );
    expect(error.details?.issues).toEqual([{ path: 'pix_key', message: expect.stringMatching(/^Chave PIX inválida/) }]);
  });

  it('refuses a receipt width other than 80 or 58 and changes nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'store.update',
      { receipt_width_mm: 72 },
      {
        code: 'invalid_input',
        message: 'Dados inválidos (receipt_width_mm: Largura do cupom inválida: use 80 ou 58 mm.).',
      },
    );
  });

  it('refuses a cashier or a manager and changes nothing', async () => {
    const { app } = await openSetUpApp();
    for (const role of ['cashier', 'manager'] as const) {
      expectRefusal(app, sessionAs(role), 'store.update', { city: 'X' }, { code: 'forbidden', message: /.+/ });
      expectRefusal(
        app,
        sessionAs(role),
        'device.printing.set',
        { silent: true },
        { code: 'forbidden', message: /.+/ },
      );
    }
  });

  it('device.printing.set changes only this device and writes no outbox entry', async () => {
    const { app, session } = await openSetUpApp();
    const seq = lastOutboxSeq(app);
    expect(expectOk(app.dispatch('device.printing.set', { printer_name: 'Térmica' }, session))).toEqual({
      silent: false,
      printer_name: 'Térmica',
    });
    expect(outboxSince(app, seq)).toEqual([]);
    expect(expectOk(app.dispatch('store.get', {}, session)).printing.printer_name).toBe('Térmica');
  });

  it('store.setup refuses an invalid PIX key and creates nothing', async () => {
    const app = await openTestApp();
    expectRefusal(
      app,
      newSession(),
      'store.setup',
      { store: { name: 'Loja', pix_key: 'nada' }, owner: OWNER },
      { code: 'invalid_pix_key', message: /^Chave PIX inválida/ },
    );
  });
});

describe('registers', () => {
  it('lists for any user and creates, renames and deactivates by code through the outbox', async () => {
    const { app, session } = await openSetUpApp();
    const seq = lastOutboxSeq(app);
    const created = expectOk(app.dispatch('registers.upsert', { code: 'cx2', name: 'Caixa 2' }, session));
    expect(created.created).toBe(true);
    expect(
      expectOk(app.dispatch('registers.upsert', { code: 'CX2', name: 'Balcão 2', active: false }, session)),
    ).toEqual({
      id: created.id,
      created: false,
    });
    expect(expectOk(app.dispatch('registers.list', {}, sessionAs('cashier')))).toEqual([
      expect.objectContaining({ code: 'CX1', name: 'Caixa 1', active: true }),
      expect.objectContaining({ code: 'CX2', name: 'Balcão 2', active: false }),
    ]);
    expect(outboxSince(app, seq).map((e) => [e.table_name, e.kind, e.payload])).toEqual([
      ['registers', 'insert', expect.objectContaining({ code: 'CX2', name: 'Caixa 2', active: 1 })],
      ['registers', 'update', { name: 'Balcão 2', active: 0 }],
    ]);
  });

  it("refuses to deactivate this device's register and changes nothing", async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'registers.upsert',
      { code: 'CX1', name: 'Caixa 1', active: false },
      { code: 'register_in_use', message: 'Este é o caixa deste computador: ele não pode ser desativado.' },
    );
  });

  it('refuses a bad code, an empty name and a cashier, changing nothing', async () => {
    const { app, session } = await openSetUpApp();
    expectRefusal(
      app,
      session,
      'registers.upsert',
      { code: 'CX 3', name: 'Caixa 3' },
      { code: 'invalid_input', message: 'Dados inválidos (code: Use de 2 a 12 letras ou números, sem espaços.).' },
    );
    expectRefusal(
      app,
      session,
      'registers.upsert',
      { code: 'CX3', name: ' ' },
      { code: 'invalid_input', message: 'Dados inválidos (name: Informe o nome do caixa.).' },
    );
    expectRefusal(
      app,
      sessionAs('cashier'),
      'registers.upsert',
      { code: 'CX3', name: 'Caixa 3' },
      {
        code: 'forbidden',
        message: /.+/,
      },
    );
  });
});
