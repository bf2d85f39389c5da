import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { Zip, ZipPassThrough } from 'fflate';

/**
 * The OOXML package of an .xlsx written by hand (no workbook model, no per-cell style objects):
 * the parts a spreadsheet needs ([Content_Types].xml, relationships, workbook, a fixed
 * styles.xml, one worksheet XML per sheet streamed as it is produced), zipped by fflate's
 * streaming `Zip` with each part deflated by Node's native zlib. exceljs' streaming writer
 * rendered a style model per cell (~16,000 rows per CPU-second on the 12-column vendas export);
 * this writes the same file content — values, number formats, bold frozen header, autofilter,
 * widths, SUBTOTAL totals with cached results — at several times that.
 */

/** Style kinds of cells, in styles.xml order; a cell's `s` is `2 × kind + (bold ? 1 : 0)`. */
export const STYLE_KINDS = ['text', 'int', 'money', 'qty', 'pct', 'date', 'datetime'] as const;
export type StyleKind = (typeof STYLE_KINDS)[number];

/** Excel number formats of the kinds (custom ids from 164; pt-BR Excel shows its own separators). */
const NUM_FMT: Record<StyleKind, string | null> = {
  text: null,
  int: '#,##0',
  money: '"R$" #,##0.00',
  qty: '#,##0.###',
  pct: '0.00%',
  date: 'dd/mm/yyyy',
  datetime: 'dd/mm/yyyy hh:mm',
};

/** The cell style index (`s`) of a kind, bold or not. */
export function styleOf(kind: StyleKind, bold = false): number {
  return STYLE_KINDS.indexOf(kind) * 2 + (bold ? 1 : 0);
}

/** XML text: &, <, > escaped (and " for attributes), characters XML 1.0 forbids dropped. */
export function xmlText(s: string): string {
  if (!/[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)) return s;
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function stylesXml(): string {
  const custom = STYLE_KINDS.filter((k) => NUM_FMT[k] !== null);
  const fmtId = (k: StyleKind) => (NUM_FMT[k] === null ? 0 : 164 + custom.indexOf(k));
  const numFmts = custom.map((k) => `<numFmt numFmtId="${fmtId(k)}" formatCode="${xmlText(NUM_FMT[k] ?? '')}"/>`);
  const xfs = STYLE_KINDS.flatMap((k) =>
    [0, 1].map(
      (bold) =>
        `<xf numFmtId="${fmtId(k)}" fontId="${bold}" fillId="0" borderId="0" xfId="0"` +
        `${fmtId(k) ? ' applyNumberFormat="1"' : ''}${bold ? ' applyFont="1"' : ''}/>`,
    ),
  );
  const font = (b: boolean) => `<font>${b ? '<b/>' : ''}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
  return (
    `${HEAD}<styleSheet xmlns="${NS}"><numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` +
    `<fonts count="2">${font(false)}${font(true)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '</styleSheet>'
  );
}

/** A sheet's column: width in characters and the style of its cells. */
export interface PackageColumn {
  width: number;
  style: number;
}

/** The worksheet XML before the rows: frozen first row, widths and column styles, then `<sheetData>`. */
export function sheetStart(columns: readonly PackageColumn[]): string {
  const cols = columns.map(
    (c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" style="${c.style}" customWidth="1"/>`,
  );
  return (
    `${HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}"><sheetViews><sheetView workbookViewId="0">` +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols.join('')}</cols><sheetData>`
  );
}

/** The worksheet XML after the rows: the autofilter over `filterRef` (e.g. `A1:L12`). */
export function sheetEnd(filterRef: string): string {
  return (
    `</sheetData><autoFilter ref="${filterRef}"/>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}

/** An empty final deflate block: ends a stream of independently flushed chunks. */
const FINAL_BLOCK = zlib.deflateRawSync(Buffer.alloc(0));
const DEFLATE = { level: 1, finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * A ZIP entry (method 8) deflated by native zlib chunk by chunk: each chunk is compressed on
 * its own and ends with a sync flush (byte-aligned, not final), so the chunks concatenate into
 * one valid deflate stream, closed by an empty final block. fflate computes the CRC and sizes
 * over the raw bytes pushed. Level 1: ~7× faster than fflate's JS deflate here, ~15% larger.
 */
class NativeDeflate extends ZipPassThrough {
  constructor(filename: string) {
    super(filename);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    const body = chunk.length > 0 ? zlib.deflateRawSync(chunk, DEFLATE) : Buffer.alloc(0);
    this.ondata(null, final ? Buffer.concat([body, FINAL_BLOCK]) : body, final);
  }
}

/** Text buffered before it is deflated and written (bytes, roughly). */
const FLUSH_AT = 256 * 1024;

/**
 * An .xlsx being written to `path`: `startSheet`, `write` XML text (rows), `endSheet`, then
 * `close` (the workbook, styles and relationships). Only the current chunk is held in memory.
 * `drain` waits while the file stream is behind. Errors of the file stream reject `drain`/`close`.
 */
export class XlsxPackage {
  private readonly out: WriteStream;
  private readonly zip: Zip;
  private readonly sheets: { name: string; filterRef: string }[] = [];
  private entry: NativeDeflate | null = null;
  private text: string[] = [];
  private textLength = 0;
  private behind = false;
  private failure: Error | null = null;

  /** Opens `path` for a workbook of `sheetCount` sheets (content types and package relationships come first). */
  constructor(path: string, sheetCount: number) {
    this.out = createWriteStream(path);
    this.out.on('error', (error) => (this.failure ??= error));
    this.zip = new Zip((error, chunk) => {
      if (error) {
        this.failure ??= error;
        return;
      }
      if (!this.out.write(chunk)) this.behind = true;
    });
    this.packageParts(sheetCount);
  }

  private packageParts(sheetCount: number): void {
    const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
    this.part(
      '[Content_Types].xml',
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>` +
        Array.from(
          { length: sheetCount },
          (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`,
        ).join('') +
        `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>` +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '</Types>',
    );
    this.part(
      '_rels/.rels',
      `${HEAD}<Relationships xmlns="${NS_PKG}">` +
        `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/>` +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    );
  }

  /** Starts the next worksheet (its XML head written). */
  startSheet(name: string, columns: readonly PackageColumn[]): void {
    this.entry = new NativeDeflate(`xl/worksheets/sheet${this.sheets.length + 1}.xml`);
    this.zip.add(this.entry);
    this.sheets.push({ name, filterRef: 'A1' });
    this.write(sheetStart(columns));
  }

  /** Appends XML text to the current sheet. */
  write(xml: string): void {
    this.text.push(xml);
    this.textLength += xml.length;
    if (this.textLength >= FLUSH_AT) this.flush(false);
  }

  private flush(final: boolean): void {
    const entry = this.entry;
    if (!entry) throw new Error('xlsx: no sheet started');
    const bytes = Buffer.from(this.text.join(''), 'utf8');
    this.text = [];
    this.textLength = 0;
    entry.push(bytes, final);
    if (final) this.entry = null;
  }

  /** Waits for the file stream to take what was written (call every few thousand rows). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.behind) {
      this.behind = false;
      await once(this.out, 'drain');
    }
  }

  /** Ends the current sheet with its autofilter over `filterRef`. */
  endSheet(filterRef: string): void {
    const sheet = this.sheets[this.sheets.length - 1];
    if (sheet) sheet.filterRef = filterRef;
    this.write(sheetEnd(filterRef));
    this.flush(true);
  }

  private part(name: string, xml: string): void {
    const entry = new NativeDeflate(name);
    this.zip.add(entry);
    entry.push(Buffer.from(xml, 'utf8'), true);
  }

  /** Writes the workbook's other parts, ends the ZIP and closes the file. */
  async close(creator: string): Promise<void> {
    const n = this.sheets.length;
    const sheetIds = this.sheets.map((_, i) => i + 1);
    const names = this.sheets.map((s) => xmlText(s.name));
    const absolute = (ref: string) => ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
    this.part(
      'xl/workbook.xml',
      `${HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView/></bookViews><sheets>` +
        sheetIds.map((i) => `<sheet name="${names[i - 1]}" sheetId="${i}" r:id="rId${i}"/>`).join('') +
        '</sheets><definedNames>' +
        this.sheets
          .map(
            (s, i) =>
              `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">` +
              `'${xmlText(s.name.replace(/'/g, "''"))}'!${absolute(s.filterRef)}</definedName>`,
          )
          .join('') +
        '</definedNames><calcPr calcId="171027"/></workbook>',
    );
    this.part(
      'xl/_rels/workbook.xml.rels',
      `${HEAD}<Relationships xmlns="${NS_PKG}">` +
        sheetIds
          .map((i) => `<Relationship Id="rId${i}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i}.xml"/>`)
          .join('') +
        `<Relationship Id="rId${n + 1}" Type="${NS_R}/styles" Target="styles.xml"/></Relationships>`,
    );
    this.part('xl/styles.xml', stylesXml());
    this.part(
      'docProps/core.xml',
      `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:creator>${xmlText(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">` +
        `${new Date().toISOString().slice(0, 19)}Z</dcterms:created></cp:coreProperties>`,
    );
    this.zip.end();
    this.out.end();
    if (!this.out.closed) await once(this.out, 'close');
    if (this.failure) throw this.failure;
  }

  /** Abandons the file (after an error or a cancellation): the stream is closed, the caller removes it. */
  async abort(): Promise<void> {
    this.zip.terminate();
    this.out.end();
    if (!this.out.closed) await once(this.out, 'close').catch(() => undefined);
  }
}
