import { describe, expect, it } from 'vitest';
import { expectOk } from '../../test/helpers';
import { applyOk, openStoreWithCatalog, saleData } from '../../test/sales-fixtures';

describe('carnê PDF', () => {
  it('one slip per parcela, three per A4 page, drawn with the embedded DejaVu Sans', async () => {
    const { app, session } = await openStoreWithCatalog();
    applyOk(app, session, 'register_sale', {
      external_id: 'CR-1',
      customer_external_id: 'C01',
      location_external_id: 'LJ01',
      occurred_at: '2026-11-20T14:00:00-03:00',
      items: [{ variant_external_id: 'TEN-AZ-38', qty: 1 }],
      payments: [{ method: 'crediario', amount: 29990, installments: 4, first_due_date: '2026-12-20' }],
    });
    const out = expectOk(app.dispatch('payments.carne', { sale_external_id: 'CR-1' }, session));
    expect(out.filename).toBe('carne-CR-1.pdf');
    const pdf = Buffer.from(out.pdf_base64, 'base64').toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)?.length).toBe(2);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf).toContain('/FontFile2');
    applyOk(app, session, 'register_sale', saleData({ external_id: 'S-2' }));
    expect(app.dispatch('payments.carne', { sale_external_id: 'S-2' }, session)).toMatchObject({
      ok: false,
      error: { code: 'no_installments', message: 'Esta venda não tem parcelas de crediário.' },
    });
  });
});
