/**
 * A cell or field listing barcodes, split on spaces, ';', '|' and on commas that separate
 * codes, never on a comma inside a number ("7,89123E+12" stays one value, and is refused).
 * Pure (the renderer's product form splits with it too).
 */
export function splitBarcodeList(text: string): string[] {
  return text
    .split(/[\s;|]+|(?<!\d),|,(?!\d)/)
    .map((c) => c.trim())
    .filter((c) => c !== '');
}
