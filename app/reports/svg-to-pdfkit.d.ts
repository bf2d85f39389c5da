declare module 'svg-to-pdfkit' {
  /** Draws an SVG string into a pdfkit document (svg-to-pdfkit 0.1.8 ships no types). */
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: {
      width?: number;
      height?: number;
      assumePt?: boolean;
      preserveAspectRatio?: string;
      fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
      warningCallback?: (message: string) => void;
    },
  ): void;
}
