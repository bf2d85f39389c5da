import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type PDFDocumentClass from 'pdfkit';
import { lazyModule } from '../lazy-module';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { formatBRL } from '../money/money';
import { resolveSale } from '../sales/sale.refs';
import { crediarioTerms } from './crediario';
import { formatDateBR } from './dates';

const pdfkit = lazyModule<typeof PDFDocumentClass>('pdfkit');

/**
 * The TTF the carnê is drawn with, shipped in `assets/fonts` (DejaVu Sans, Bitstream Vera
 * licence: redistribution allowed with its notice, LICENSE-DejaVu.txt), so every install —
 * Windows included — prints accents the same. Looked up beside the source or the bundle
 * (both two folders under the app root), the working folder, or Electron's resources.
 */
export function fontPath(bold = false): string {
  const file = bold ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf';
  const roots: string[] = [];
  if (process.env.BALCAO_ASSETS) roots.push(process.env.BALCAO_ASSETS);
  try {
    roots.push(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets'));
  } catch {
    // CommonJS bundle: import.meta.url is not there.
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) roots.push(join(resources, 'app.asar', 'assets'), join(resources, 'assets'));
  roots.push(join(process.cwd(), 'assets'));
  for (const root of roots) {
    const candidate = join(root, 'fonts', file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`font ${file} not found under ${roots.join(', ')}`);
}

interface Slip {
  number: number;
  count: number;
  due_date: string;
  amount_cents: number;
  status: string;
}

/**
 * The carnê of a crediário sale: a PDF (A4) with one slip per parcela — store, customer and CPF,
 * sale number, parcela n/N, due date, amount, and the late terms (fine and interest per month)
 * — three slips per page, with a cut line between them. `no_installments` for a sale without
 * crediário. Returns the PDF bytes, synchronously.
 */
export function carnePdf(ctx: Context, saleExternalId: string): Buffer {
  const sale = resolveSale(ctx, saleExternalId);
  const slips: Slip[] = ctx.db.all(
    ctx.db.q
      .selectFrom('crediario_installments')
      .select(['number', 'count', 'due_date', 'amount_cents', 'status'])
      .where('sale_id', '=', sale.id)
      .orderBy('number'),
  );
  if (slips.length === 0) {
    throw new AppError(
      'no_installments',
      `Sale ${saleExternalId} has no crediário`,
      'Esta venda não tem parcelas de crediário.',
    );
  }
  const store = ctx.db.first(ctx.db.q.selectFrom('stores').select(['name', 'cnpj']).where('id', '=', sale.store_id));
  const customer = sale.customer_id
    ? ctx.db.first(ctx.db.q.selectFrom('customers').select(['name', 'cpf']).where('id', '=', sale.customer_id))
    : undefined;
  const terms = crediarioTerms(ctx);
  const pct = (bp: number) => `${(bp / 100).toFixed(2).replace('.', ',')} %`;
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: 36, info: { Title: `Carnê ${sale.number}` } });
  doc.registerFont('body', fontPath(false));
  doc.registerFont('bold', fontPath(true));
  const slipHeight = 250;
  slips.forEach((s, i) => {
    if (i > 0 && i % 3 === 0) doc.addPage();
    const top = 36 + (i % 3) * slipHeight;
    doc.rect(36, top, 523, slipHeight - 20).stroke();
    doc
      .font('bold')
      .fontSize(13)
      .text(`${store?.name ?? ''} — Carnê de crediário`, 48, top + 12);
    doc
      .font('body')
      .fontSize(9)
      .text(store?.cnpj ? `CNPJ ${store.cnpj}` : '', 48, top + 30);
    doc.fontSize(11);
    doc.text(`Cliente: ${customer?.name ?? ''}`, 48, top + 52);
    doc.text(`CPF: ${customer?.cpf ?? ''}`, 48, top + 68);
    doc.text(`Venda: ${sale.number}`, 48, top + 84);
    doc
      .font('bold')
      .fontSize(14)
      .text(`Parcela ${s.number}/${s.count}`, 48, top + 108);
    doc.text(`Vencimento: ${formatDateBR(s.due_date)}`, 48, top + 130);
    doc.text(`Valor: ${formatBRL(s.amount_cents)}`, 48, top + 152);
    doc
      .font('body')
      .fontSize(9)
      .text(
        `Após o vencimento: multa de ${pct(terms.late_fine_bp)} e juros de ${pct(terms.late_interest_bp_month)} ao mês, pro rata por dia.` +
          (s.status === 'aberta' ? '' : ` Situação: ${s.status}.`),
        48,
        top + 180,
        { width: 500 },
      );
    doc.text('NÃO É DOCUMENTO FISCAL', 48, top + 205);
    doc
      .dash(4, { space: 4 })
      .moveTo(36, top + slipHeight - 10)
      .lineTo(559, top + slipHeight - 10)
      .stroke()
      .undash();
  });
  doc.end();
  // PDFKit pushes every chunk into its Readable buffer by end(): read it synchronously, since
  // operation handlers run inside one synchronous SQLite transaction.
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}
