import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOk, tempDbPath, tempDir } from '../../test/helpers';
import { openFixtureStore } from '../analytics/analytics.fixture';
import { computeKpis } from '../analytics/kpis';
import { computeCommissions, computeMargins } from '../analytics/finance';
import { openClinic, booking } from '../scheduling/scheduling.fixtures';
import { newSession } from '../contract/context';
import { categoryMargins, commissionLines, locationKpis } from './report.finance';
import { monthlyReportData } from './report.data';
import { monthlyReportPdf, SECTION_TITLES } from './report.pdf';
import { PdfWriter } from './pdf.layout';
import { cli, keepPagePngs, pdfPages, pdfText } from './reports.test-helpers';

/** pdftotext keeps the columns apart with spaces: one space is enough to compare. */
const squash = (s: string) => s.replace(/[ \t]+/g, ' ');

describe('monthly PDF (issue 15)', () => {
  it('has the month, the store, every section, the net revenue, "Página N de M" and charts as vectors', async () => {
    const path = tempDbPath();
    const { app } = await openFixtureStore(path);
    app.close();
    const out = join(tempDir(), 'outubro.pdf');
    const run = await cli('report', 'monthly', '--db', path, '--month', '2026-10', '--pdf', out);
    expect(run.code, run.err).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(out);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(10);
    const text = squash(pdfText(out));
    expect(text).toContain('Outubro de 2026');
    expect(text).toContain('Loja Centro');
    // Net revenue of October by the analytics issue's definitions: R$ 890,00 (issue 13's fixture).
    expect(text).toContain('Receita líquida R$ 890,00');
    expect(text).toContain('Receita bruta (antes dos descontos) R$ 1.200,00');
    expect(text).toContain('Descontos R$ 10,00');
    expect(text).toContain('Devoluções e cancelamentos R$ 300,00');
    // PIX and crédito parcelado apart; MoM; commissions with reversals; margins by category
    expect(text).toContain('PIX 7 R$ 790,00');
    expect(text).toContain('Crédito parcelado 1 R$ 100,00');
    expect(text).toContain('Receita líquida R$ 890,00 R$ 400,00 122,5%');
    expect(text).toContain('Carla 9 R$ 690,00 R$ 49,50 R$ 15,00 R$ 34,50');
    expect(text).toContain('Calças 1 R$ 200,00 R$ 150,00 75,00%');
    for (const title of SECTION_TITLES) expect(text).toContain(title);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Página ${n} de ${pages}`);
    expect(text).toContain('Comissões'); // accents come out as typed (embedded TrueType)
    expect(text).toContain('Nenhum caixa fechado neste período.');
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans\s.*CID TrueType.*yes/);
    const images = execFileSync('pdfimages', ['-list', out], { encoding: 'utf8' });
    expect(images.trim().split('\n')).toHaveLength(2); // header lines only: the charts are vectors
    expect(text).toContain('Receita líquida por dia'); // the chart's own title from the dashboard definitions
    const pngs = keepPagePngs(out, 'mensal-2026-10');
    expect(pngs).toHaveLength(pages);
  });

  it('says so in every section of a month with no data, and the file is still a valid PDF', async () => {
    const path = tempDbPath();
    const { app } = await openFixtureStore(path);
    app.close();
    const out = join(tempDir(), 'vazio.pdf');
    expect((await cli('report', 'monthly', '--db', path, '--month', '2024-03', '--pdf', out)).code).toBe(0);
    const text = squash(pdfText(out));
    for (const title of SECTION_TITLES) expect(text).toContain(title);
    expect(text).toContain('Receita líquida R$ 0,00');
    expect(text.match(/Sem dados neste período\./g)?.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain('Nenhum agendamento neste período.');
    expect(text).toContain('Nenhum atendimento realizado neste período.');
    expect(text).toContain('Página 1 de');
    keepPagePngs(out, 'mensal-vazio');
  });

  it('shows the same numbers when a closed month is generated again after a later return', async () => {
    const path = tempDbPath();
    const { app, session } = await openFixtureStore(path);
    const ctx = { db: app.db, session, clock: { now: () => new Date('2026-11-20T12:00:00Z') } };
    const before = monthlyReportData(ctx, '2026-10');
    const pdfBefore = monthlyReportPdf(before);
    const ret = app.dispatch(
      'sales.apply',
      {
        action: 'register_return',
        transaction_data: {
          reference_external_id: 'S01',
          occurred_at: '2026-11-05T12:00:00-03:00',
          items: [{ variant_external_id: 'A', qty: 1 }],
          reason: 'Troca',
          condition: 'revenda',
          refund_method: 'original',
        },
      },
      newSession(true),
    );
    expect(ret.ok).toBe(true);
    const after = monthlyReportData({ ...ctx, clock: { now: () => new Date('2026-12-10T12:00:00Z') } }, '2026-10');
    // The money of the closed month stays (events are dated when they happen). Note: purchases and
    // ticket médio follow analytics' `purchase` flag, which reflects the sale's current status
    // (a sale fully refunded later stops being a purchase) — reported to the analytics owner.
    const money = (r: typeof before) => ({
      gross: r.gross,
      net: r.kpis.net_revenue,
      discounts: r.kpis.discounts,
      refunds: r.kpis.refunds,
      by_day: r.kpis.by_day,
      by_payment_method: r.kpis.by_payment_method,
      by_location: r.kpis.by_location,
      top_products: r.top_products,
      commissions: r.commissions,
      category_margins: r.category_margins,
      cash_closings: r.cash_closings,
      rfm: r.rfm,
    });
    expect(money(after)).toEqual(money(before));
    expect(after.kpis.net_revenue).toBe(89000);
    const november = monthlyReportData(ctx, '2026-11');
    expect(november.kpis.refunds).toBe(10000);
    expect(pdfBefore.length).toBeGreaterThan(1000);
    app.close();
  });

  it('takes its money from the analytics definitions, for all locations or one', async () => {
    const { app } = await openFixtureStore(tempDbPath());
    const [from, to] = ['2026-10-01', '2026-10-31'];
    const all = locationKpis(app.db, from, to, null);
    const reference = computeKpis(app.db, from, to);
    expect(all).toEqual(reference);
    expect(commissionLines(app.db, from, to, null).map((c) => [c.salesperson_external_id, c.commission])).toEqual(
      computeCommissions(app.db, from, to).map((c) => [c.salesperson_external_id, c.commission]),
    );
    expect(categoryMargins(app.db, from, to, null).map((c) => [c.category, c.margin, c.margin_pct])).toEqual(
      computeMargins(app.db, from, to, 'category').map((m) => [m.key, m.margin, m.margin_pct]),
    );
    const manaus = app.db.statement("SELECT id FROM stores WHERE code = 'LJ02'").get() as { id: string };
    const lj02 = locationKpis(app.db, from, to, manaus.id);
    expect([lj02.net_revenue, lj02.purchases, lj02.by_payment_method]).toEqual([
      20000,
      1,
      [{ method: 'dinheiro', amount: 20000, count: 1 }],
    ]);
    app.close();
    const out = join(tempDir(), 'lj02.pdf');
    const path = app.db.raw.name;
    expect(
      (await cli('report', 'monthly', '--db', path, '--month', '2026-10', '--location', 'LJ02', '--pdf', out)).code,
    ).toBe(0);
    const text = squash(pdfText(out));
    expect(text).toContain('Unidade: Loja Manaus (LJ02)');
    expect(text).toContain('Receita líquida R$ 200,00');
    const bad = await cli('report', 'monthly', '--db', path, '--month', '2026-10', '--location', 'XX', '--pdf', out);
    expect([bad.code, bad.err.trim()]).toEqual([1, 'Erro (location_not_found): Loja/unidade não encontrada: XX.']);
    const month = await cli('report', 'monthly', '--db', path, '--month', '2026-13', '--pdf', out);
    expect(month.code).toBe(1);
    expect(month.err).toContain('Use o mês no formato AAAA-MM.');
  });

  it('reports the agenda: status counts, occupancy per professional and the realized appointments', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    c.applyOk('book_appointment', booking('A1', '2026-12-02T09:00:00-03:00'));
    c.applyOk('book_appointment', booking('A2', '2026-12-02T10:30:00-03:00', { customer_external_id: 'P2' }));
    c.applyOk('book_appointment', booking('A3', '2026-12-03T09:00:00-03:00', { professional_external_id: 'JOAO' }));
    c.applyOk('book_appointment', booking('A4', '2026-12-04T09:00:00-03:00'));
    c.clock.set('2026-12-02T13:00:00Z');
    for (const status of ['confirmado', 'em_atendimento', 'realizado']) {
      c.applyOk('update_appointment', { external_id: 'A1', status });
    }
    c.applyOk('update_appointment', {
      external_id: 'A2',
      status: 'cancelado',
      reason: 'Viagem',
      cancelled_by: 'paciente',
    });
    c.clock.set('2026-12-03T13:00:00Z');
    c.applyOk('update_appointment', { external_id: 'A3', status: 'faltou' });
    const r = monthlyReportData({ db: c.app.db, session: c.cli, clock: c.clock }, '2026-12');
    expect(r.agenda).toMatchObject({ booked: 4, realized: 1, cancelled: 1, no_shows: 1 });
    // December 2026 has 23 weekdays × 8 working hours = 11,040 minutes; Ana holds A1 and A4 (60 min each).
    const ana = r.agenda?.by_professional.find((p) => p.professional === 'Dra. Ana');
    expect(ana).toMatchObject({ booked: 3, realized: 1, cancelled: 1, booked_minutes: 120, available_minutes: 11040 });
    expect(ana?.occupancy_pct).toBe(1.09);
    expect(r.realized).toEqual([
      {
        starts_at: '2026-12-02 09:00',
        customer: 'Maria Souza',
        procedure: 'Limpeza de Pele',
        professional: 'Dra. Ana',
        status: 'Realizado',
        amount_cents: null,
      },
    ]);
    const text = squash(pdfText(writeTemp(monthlyReportPdf(r))));
    expect(text).toContain('Dra. Ana 3 1 1 0 2 1,1%');
    expect(text).toContain('02/12/2026 09:00 Maria Souza Limpeza de Pele Dra. Ana');
    expect(text).toContain('Clínica Bela');
    c.app.close();
  });

  it('with a location, shows the agenda of that location’s professionals only and says leads are store-wide', async () => {
    const c = await openClinic('America/Sao_Paulo', '2026-12-01T12:00:00Z');
    c.applyOk('book_appointment', booking('A1', '2026-12-02T09:00:00-03:00'));
    c.applyOk('book_appointment', booking('A2', '2026-12-03T09:00:00-03:00', { professional_external_id: 'JOAO' }));
    c.applyOk('book_appointment', booking('A3', '2026-12-04T09:00:00-03:00', { professional_external_id: 'JOAO' }));
    const owner = c.cli;
    expectOk(
      c.app.dispatch(
        'locations.upsert',
        { external_id: 'CL02', name: 'Clínica Sul', timezone: 'America/Sao_Paulo' },
        owner,
      ),
    );
    // Dr. João works at CL02 (a professional's location is its salesperson's store).
    c.app.db.raw
      .prepare(
        `UPDATE salespeople SET store_id = (SELECT id FROM stores WHERE code = 'CL02')
         WHERE id = (SELECT salesperson_id FROM professionals WHERE external_id = 'JOAO')`,
      )
      .run();
    const ctx = { db: c.app.db, session: c.cli, clock: c.clock };
    const all = monthlyReportData(ctx, '2026-12');
    expect(all.agenda?.booked).toBe(3);
    const sul = monthlyReportData(ctx, '2026-12', 'CL02');
    expect(sul.agenda).toMatchObject({ booked: 2, realized: 0, cancelled: 0, no_shows: 0 });
    expect(sul.agenda?.by_professional.map((p) => [p.professional, p.booked])).toEqual([['Dr. João', 2]]);
    const centro = monthlyReportData(ctx, '2026-12', 'CL01');
    expect(centro.agenda?.by_professional.map((p) => [p.professional, p.booked])).toEqual([['Dra. Ana', 1]]);
    const text = squash(pdfText(writeTemp(monthlyReportPdf(sul))));
    expect(text).toContain('Profissionais da unidade Clínica Sul.');
    expect(text).toContain('Leads não têm loja/unidade: funil e origens de toda a empresa.');
    expect(text).toContain('Dr. João 2 0 0 0 2 1,1%'); // 120 of 11,040 working minutes
    expect(text).not.toContain('Dra. Ana');
    const whole = squash(pdfText(writeTemp(monthlyReportPdf(all))));
    expect(whole).not.toContain('Leads não têm loja/unidade');
    c.app.close();
  });

  it('repeats a long table\u2019s header on every page it continues on', () => {
    const w = new PdfWriter('Teste', 'Rodapé');
    w.section('Atendimentos realizados');
    w.table(
      [
        { header: 'Cabeçalho A', width: 0.5 },
        { header: 'Cabeçalho B', width: 0.5, align: 'right' },
      ],
      Array.from({ length: 130 }, (_, i) => [`Linha ${i + 1}`, `Ação ${i + 1}`]),
      ['Total', '130'],
    );
    const path = writeTemp(w.finish());
    const pages = pdfText(path)
      .split('\f')
      .filter((p) => p.trim());
    expect(pages.length).toBe(3);
    for (const page of pages) expect(squash(page)).toContain('Cabeçalho A Cabeçalho B');
    expect(squash(pages[2] ?? '')).toContain('Total 130');
    expect(squash(pages[2] ?? '')).toContain('Página 3 de 3');
    expect(squash(pdfText(path))).toContain('Linha 130 Ação 130');
  });
});

function writeTemp(bytes: Buffer): string {
  const path = join(tempDir(), 'r.pdf');
  writeFileSync(path, bytes);
  return path;
}
