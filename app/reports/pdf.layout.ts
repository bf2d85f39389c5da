import type PDFDocumentClass from 'pdfkit';
import type SVGtoPDFFunction from 'svg-to-pdfkit';
import { lazyModule } from '../lazy-module';
import type { ChartDef } from '../analytics/charts';
import { fontPath } from '../payments/carne.pdf';
import { chartSvg } from './report.charts';

const pdfkit = lazyModule<typeof PDFDocumentClass>('pdfkit');
const svgToPdf = lazyModule<typeof SVGtoPDFFunction>('svg-to-pdfkit');

export interface Column {
  header: string;
  /** Share of the text width (the shares of a table add up to 1). */
  width: number;
  align?: 'left' | 'right';
}

const MARGIN = { top: 48, bottom: 56, left: 40, right: 40 };
const ROW = 15;
const FONT_FAMILY = 'DejaVu Sans';

/**
 * A4 report pages drawn with pdfkit and the embedded DejaVu Sans (app/payments' `fontPath`):
 * section titles, facts, tables whose header is repeated on every page they continue on, vector
 * charts (ECharts SVG through svg-to-pdfkit) and, at the end, "Página N de M" on every page.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly footer: string;

  constructor(title: string, footer: string) {
    const PDFDocument = pdfkit();
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      info: { Title: title, Creator: 'Balcão' },
    });
    this.doc.registerFont('body', fontPath(false));
    this.doc.registerFont('bold', fontPath(true));
    this.doc.registerFont(FONT_FAMILY, fontPath(false));
    this.doc.registerFont(`${FONT_FAMILY}-Bold`, fontPath(true));
    this.doc.font('body').fontSize(10);
    this.footer = footer;
  }

  get left(): number {
    return MARGIN.left;
  }
  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }
  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** A new page when less than `height` points are left on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.y = MARGIN.top;
  }

  /** Text cut to fit `width` points with "…" (one line). */
  fit(text: string, width: number): string {
    if (this.doc.widthOfString(text) <= width) return text;
    let cut = text;
    while (cut.length > 1 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  /** A section title, kept on one page with the next `keepWith` points of content. */
  section(title: string, keepWith = 90): void {
    this.ensure(keepWith + 40);
    if (this.doc.y > MARGIN.top + 4) this.doc.y += 14;
    const y = this.doc.y;
    this.doc
      .font('bold')
      .fontSize(14)
      .fillColor('#1f3a5f')
      .text(title, this.left, y, { width: this.width, lineBreak: false });
    this.doc
      .moveTo(this.left, y + 19)
      .lineTo(this.left + this.width, y + 19)
      .lineWidth(0.8)
      .strokeColor('#1f3a5f')
      .stroke();
    this.doc.fillColor('black').font('body').fontSize(10);
    this.doc.y = y + 27;
  }

  subtitle(text: string): void {
    this.ensure(40);
    this.doc
      .font('bold')
      .fontSize(10.5)
      .text(text, this.left, this.doc.y + 4, { width: this.width, lineBreak: false });
    this.doc.font('body').fontSize(10);
    this.doc.y += 4;
  }

  paragraph(text: string, options: { size?: number; color?: string } = {}): void {
    this.ensure(16);
    this.doc
      .font('body')
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor('black').fontSize(10);
    this.doc.y += 4;
  }

  /** What a section says when it has nothing to show (it never disappears). */
  empty(what = 'Sem dados neste período.'): void {
    this.paragraph(what, { color: '#555555' });
  }

  /** Label → value pairs in two columns. */
  facts(pairs: readonly [string, string][]): void {
    this.table(
      [
        { header: 'Indicador', width: 0.6 },
        { header: 'Valor', width: 0.4, align: 'right' },
      ],
      pairs.map(([k, v]) => [k, v]),
    );
  }

  /**
   * A table of text cells. Rows that do not fit continue on the next page under the header
   * drawn again; `totals` is a last bold row.
   */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], totals?: readonly string[]): void {
    const widths = columns.map((c) => c.width * this.width);
    const drawRow = (cells: readonly string[], bold: boolean, shade: string | null) => {
      const y = this.doc.y;
      if (shade)
        this.doc
          .rect(this.left, y - 2, this.width, ROW)
          .fill(shade)
          .fillColor('black');
      this.doc.font(bold ? 'bold' : 'body').fontSize(8.5);
      let x = this.left;
      cells.forEach((cell, i) => {
        const w = widths[i] ?? 0;
        const text = this.fit(cell, w - 6);
        this.doc.text(text, x + 3, y + 1.5, { width: w - 6, align: columns[i]?.align ?? 'left', lineBreak: false });
        x += w;
      });
      this.doc.y = y + ROW;
    };
    const header = () =>
      drawRow(
        columns.map((c) => c.header),
        true,
        '#dde5ee',
      );
    this.ensure(ROW * 3);
    header();
    rows.forEach((row, i) => {
      if (this.doc.y + ROW > this.bottom) {
        this.newPage();
        header();
      }
      drawRow(row, false, i % 2 === 1 ? '#f4f6f8' : null);
    });
    if (totals) {
      if (this.doc.y + ROW > this.bottom) {
        this.newPage();
        header();
      }
      this.doc
        .moveTo(this.left, this.doc.y - 2)
        .lineTo(this.left + this.width, this.doc.y - 2)
        .lineWidth(0.5)
        .strokeColor('#333333')
        .stroke();
      drawRow(totals, true, null);
    }
    this.doc.font('body').fontSize(10);
    this.doc.y += 6;
  }

  /** A chart definition drawn as vectors (title above it), `height` points tall. */
  chart(def: ChartDef, height = 230): void {
    this.ensure(height + 24);
    this.subtitle(def.title);
    const y = this.doc.y + 4;
    const svg = chartSvg(def, this.width, height, FONT_FAMILY);
    svgToPdf()(this.doc, svg, this.left, y, {
      width: this.width,
      height,
      assumePt: true,
      fontCallback: (_family, bold) => (bold ? `${FONT_FAMILY}-Bold` : FONT_FAMILY),
    });
    this.doc.x = this.left;
    this.doc.y = y + height + 8;
  }

  /** Writes "Página N de M" and the footer on every page; returns the PDF bytes, synchronously. */
  finish(): Buffer {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = this.doc.page.height - MARGIN.bottom + 18;
      const saved = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc.font('body').fontSize(8).fillColor('#555555');
      this.doc.text(this.footer, this.left, y, { width: this.width * 0.7, lineBreak: false });
      this.doc.text(`Página ${i + 1} de ${range.count}`, this.left + this.width * 0.7, y, {
        width: this.width * 0.3,
        align: 'right',
        lineBreak: false,
      });
      this.doc.page.margins.bottom = saved;
    }
    this.doc.end();
    // pdfkit pushes every chunk into its Readable buffer by end(): read it synchronously.
    const chunks: Buffer[] = [];
    for (let c = this.doc.read() as Buffer | null; c !== null; c = this.doc.read() as Buffer | null) chunks.push(c);
    return Buffer.concat(chunks);
  }
}
