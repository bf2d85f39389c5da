import { isScientificNotation, isValidGtin } from '../br/gtin';
import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { getSetting } from '../settings/settings.queries';

/** Setting (boolean, default false): the store labels goods with codes of its own, not GTINs. */
export const ALLOW_INTERNAL_BARCODES_KEY = 'catalog.allow_internal_barcodes';

/** A store's own code: digits only, long enough not to be typed by accident. */
const INTERNAL_CODE = /^\d{4,20}$/;

export function allowInternalBarcodes(ctx: Context): boolean {
  return getSetting<boolean>(ctx.db, ALLOW_INTERNAL_BARCODES_KEY) ?? false;
}

/**
 * What is wrong with a barcode's text whatever the store's settings, as a pt-BR phrase that
 * starts in lower case (it follows "Linha N: " in an import); null when it is digits only.
 * A value in scientific notation ("7,89123E+12") is Excel's doing and is named as such.
 */
export function barcodeShapeProblem(code: string): string | null {
  if (isScientificNotation(code)) {
    return `o código de barras ${code} foi convertido pelo Excel em notação científica; formate a coluna como texto.`;
  }
  if (/^\d[\d.,]*,\d/.test(code)) {
    return `o código de barras ${code} tem vírgula; separe vários códigos com ; ou espaço.`;
  }
  if (!/^\d+$/.test(code)) return `o código de barras ${code} deve ter só números.`;
  if (code.length > 20) return `o código de barras ${code} tem mais de 20 dígitos.`;
  return null;
}

/**
 * The full rule (GS1 GTIN-8/12/13/14 with a valid check digit, or, when the store allows its own
 * codes, 4 to 20 digits), as a lower-case pt-BR phrase; null when the code is acceptable.
 */
export function barcodeProblem(code: string, allowInternal: boolean): string | null {
  const shape = barcodeShapeProblem(code);
  if (shape) return shape;
  if (isValidGtin(code)) return null;
  if (allowInternal && INTERNAL_CODE.test(code)) return null;
  return allowInternal
    ? `o código de barras ${code} não é um EAN/GTIN válido nem um código interno (4 a 20 dígitos).`
    : `o código de barras ${code} não é um EAN/GTIN válido (confira os dígitos; códigos internos da loja precisam ser permitidos nas regras).`;
}

/** Refuses the first unacceptable code with `invalid_barcode` (pt-BR message, path `barcodes`). */
export function checkBarcodes(ctx: Context, codes: readonly string[]): void {
  const allowInternal = allowInternalBarcodes(ctx);
  for (const code of codes) {
    const problem = barcodeProblem(code, allowInternal);
    if (!problem) continue;
    const message = capitalize(problem);
    throw new AppError('invalid_barcode', `Invalid barcode ${code}`, message, {
      code,
      issues: [{ path: 'barcodes', message }],
    });
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
