import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOk, tempDir } from '../../test/helpers';
import { pdfText } from '../reports/reports.test-helpers';
import { booking, openClinic } from '../scheduling/scheduling.fixtures';
import { localDateBR } from './privacy.export';

describe('data-subject requests', () => {
  it('are due 15 days after they arrive (store date), flagged when overdue, and closed with the answer', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T02:00:00Z'); // 30/11 23:00 in São Paulo
    const opened = expectOk(
      c.app.dispatch('privacy.open_request', { customer_external_id: 'P1', request_type: 'acesso' }, c.cli),
    );
    expect(opened).toMatchObject({
      due_date: '2026-12-15',
      days_left: 15,
      overdue: false,
      label: 'Acesso',
      status: 'aberta',
    });
    c.clock.set('2026-12-15T20:00:00Z');
    expect(expectOk(c.app.dispatch('privacy.requests', {}, c.cli))).toMatchObject({
      today: '2026-12-15',
      overdue: 0,
      requests: [{ days_left: 0, overdue: false }],
    });
    c.clock.set('2026-12-16T12:00:00Z');
    const late = expectOk(c.app.dispatch('privacy.requests', {}, c.cli));
    expect(late.overdue).toBe(1);
    expect(late.requests[0]).toMatchObject({ customer_name: 'Maria Souza', days_left: -1, overdue: true });
    expectOk(
      c.app.dispatch(
        'privacy.close_request',
        { request_id: opened.id, status: 'concluida', resolution: 'Relatório entregue por e-mail.' },
        c.cli,
      ),
    );
    const closed = expectOk(c.app.dispatch('privacy.requests', {}, c.cli));
    expect(closed.overdue).toBe(0);
    expect(closed.requests[0]).toMatchObject({ status: 'concluida', overdue: false });
    const again = c.app.dispatch(
      'privacy.close_request',
      { request_id: opened.id, status: 'recusada', resolution: 'x' },
      c.cli,
    );
    expect(again.ok ? 'ok' : again.error).toEqual({
      code: 'request_closed',
      message: 'Esta solicitação já foi encerrada.',
    });
  });

  it('access and portability: JSON and a pt-BR PDF of everything held on the person, recorded as a sensitive read', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    c.applyOk('register_sale', {
      external_id: 'V1',
      customer_external_id: 'P1',
      items: [{ variant_external_id: 'LIMPEZA', qty: 1 }],
      payments: [{ method: 'dinheiro', amount: 15_000 }],
      occurred_at: '2026-11-20T10:00:00-03:00',
    });
    c.applyOk('book_appointment', booking('A1', '2026-12-07T09:00:00-03:00'));
    const consent = { purpose: 'lembretes', text_shown: 'Aceito lembretes.', channel: 'whatsapp' };
    expectOk(c.app.dispatch('consents.grant', { customer_external_id: 'P1', ...consent }, c.cli));
    const json = expectOk(c.app.dispatch('privacy.export', { customer_external_id: 'P1', format: 'json' }, c.cli));
    expect(json.filename).toBe('dados-pessoais-P1-2026-12-01.json');
    const data = JSON.parse(json.content) as {
      customer: { name: string; phone: string };
      purchases: { total_cents: number; items: { product: string }[] }[];
      appointments: { procedure: string; professional: string }[];
      consents: { purpose: string }[];
    };
    expect(data.customer).toMatchObject({ name: 'Maria Souza', phone: '11987654321' });
    expect(data.purchases).toMatchObject([{ total_cents: 15_000, items: [{ product: 'Limpeza de Pele' }] }]);
    expect(data.appointments).toEqual([
      {
        starts_at: '2026-12-07T12:00:00.000Z',
        status: 'pendente',
        procedure: 'Limpeza de Pele',
        professional: 'Dra. Ana',
      },
    ]);
    expect(data.consents.map((x) => x.purpose)).toEqual(['lembretes']);

    const pdf = expectOk(c.app.dispatch('privacy.export', { customer_external_id: 'P1', format: 'pdf' }, c.cli));
    expect(pdf.mime).toBe('application/pdf');
    const bytes = Buffer.from(pdf.content, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('DejaVuSans');
    const reads = c.app.db.raw.prepare("SELECT kind FROM audit_log WHERE operation = 'privacy.export'").pluck().all();
    expect(reads).toEqual(['read', 'read']);
  });
});

describe('privacy PDF dates', () => {
  it("shows a sale at 22:30 in São Paulo (01:30Z the next day) on the store's day, 20/11/2026", async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    c.applyOk('register_sale', {
      external_id: 'V-NOITE',
      customer_external_id: 'P1',
      items: [{ variant_external_id: 'LIMPEZA', qty: 1 }],
      payments: [{ method: 'dinheiro', amount: 15_000 }],
      occurred_at: '2026-11-20T22:30:00-03:00',
    });
    const json = expectOk(c.app.dispatch('privacy.export', { customer_external_id: 'P1', format: 'json' }, c.cli));
    const stored = (JSON.parse(json.content) as { purchases: { occurred_at: string }[] }).purchases;
    expect(stored.map((p) => p.occurred_at)).toEqual(['2026-11-21T01:30:00.000Z']);
    const pdf = expectOk(c.app.dispatch('privacy.export', { customer_external_id: 'P1', format: 'pdf' }, c.cli));
    const file = join(tempDir(), 'dados.pdf');
    writeFileSync(file, Buffer.from(pdf.content, 'base64'));
    const purchaseLine = pdfText(file)
      .split('\n')
      .find((line) => line.includes('Limpeza de Pele') && line.includes('150,00'));
    expect(purchaseLine).toContain('20/11/2026');
    expect(purchaseLine).not.toContain('21/11/2026');
    expect(localDateBR('2026-11-21T01:30:00.000Z', 'America/Sao_Paulo')).toBe('20/11/2026');
    expect(localDateBR('2026-11-21', 'America/Sao_Paulo')).toBe('21/11/2026');
  });
});
