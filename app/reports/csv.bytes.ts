import type { Cell, ExportColumn } from './export.defs';

/**
 * UTF-8 CSV lines written straight into a byte buffer (issue 15: CSV at ≥ 200,000 rows/s):
 * integers, money, quantities and wall times become digits and copied characters, ASCII text
 * is copied byte by byte, so a row allocates no string. Anything else (non-ASCII text, text
 * that needs quotes, values of unexpected types) is written from the string `slow` gives, the
 * same text as `csvValue`/`csvQuote`; `csv.writer.test.ts` holds both ways to the same bytes.
 */
export class CsvBytes {
  buf: Buffer;
  pos = 0;
  /** Buffers of `size` bytes given back by `release` (the file stream wrote them), reused by `take`. */
  private readonly free: Buffer[] = [];

  constructor(readonly size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes: a bigger buffer (the old bytes copied) when this one is short. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /**
   * The bytes written so far; writing goes on in another buffer (a released one when there is
   * one: the stream keeps this one until it has written it). Reusing buffers spares a fresh
   * allocation per chunk — its page faults and the external memory that starts full GCs.
   */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = this.free.pop() ?? Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return out;
  }

  /** Gives back a chunk `take` returned, once nothing reads it any more; it is written over later. */
  release(chunk: Buffer): void {
    const whole = chunk.buffer;
    if (chunk.byteOffset === 0 && whole.byteLength === this.size && this.free.length < 16)
      this.free.push(Buffer.from(whole, 0, this.size));
  }

  /** A string as UTF-8, as is (no quoting). */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** A non-negative safe integer's digits. */
  digits(v: number): void {
    this.room(16);
    let n = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) n++;
    let p = this.pos + n;
    this.pos = p;
    let t = v;
    do {
      const q = Math.floor(t / 10);
      this.buf[--p] = 48 + (t - q * 10);
      t = q;
    } while (t > 0);
  }
}

type ByteCell = (out: CsvBytes, v: Cell) => void;

const MINUS = 45;
const DIGIT_0 = 48;

/**
 * One byte writer per column, as `formatters` in `csv.writer.ts` decides the text: `slow(column,
 * value)` is the column's string (quoted when text needs it), used for every case not handled
 * here. `sep` is the decimal separator's byte, `delimiter` the cell separator's.
 */
export function byteCells(
  columns: readonly ExportColumn[],
  comma: boolean,
  delimiter: number,
  slow: (column: number, v: Cell) => string,
): ByteCell[] {
  const sep = comma ? 44 : 46;
  return columns.map((c, i): ByteCell => {
    const other: ByteCell = (out, v) => out.text(slow(i, v));
    switch (c.kind) {
      case 'money':
        return (out, v) => {
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) return other(out, v);
          if (v < 0) out.byte(MINUS);
          const abs = Math.abs(v);
          const whole = Math.floor(abs / 100);
          const cents = abs - whole * 100;
          out.digits(whole);
          out.room(3);
          out.buf[out.pos++] = sep;
          out.buf[out.pos++] = DIGIT_0 + Math.floor(cents / 10);
          out.buf[out.pos++] = DIGIT_0 + (cents % 10);
        };
      case 'qty':
        return (out, v) => {
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) return other(out, v);
          if (v < 0) out.byte(MINUS);
          const abs = Math.abs(v);
          const whole = Math.floor(abs / 1000);
          let frac = abs - whole * 1000;
          out.digits(whole);
          if (frac === 0) return;
          out.room(4);
          out.buf[out.pos++] = sep;
          for (let scale = 100; frac > 0; scale /= 10) {
            const d = Math.floor(frac / scale);
            out.buf[out.pos++] = DIGIT_0 + d;
            frac -= d * scale;
          }
        };
      case 'int':
        return (out, v) => {
          if (typeof v !== 'number' || !Number.isSafeInteger(v)) return other(out, v);
          if (v < 0) out.byte(MINUS);
          out.digits(Math.abs(v));
        };
      case 'datetime':
        return dateTimeCell(comma, other);
      case 'text': {
        const labels = c.labels;
        return (out, v) => {
          if (typeof v !== 'string') return other(out, v);
          const s = labels?.[v] ?? v;
          if (!ascii(out, s, delimiter)) out.text(slow(i, v));
        };
      }
      default:
        return other;
    }
  });
}

/** 'YYYY-MM-DD HH:MM…' as 'DD/MM/YYYY HH:MM' (`comma`) or 'YYYY-MM-DD HH:MM', by copying characters. */
function dateTimeCell(comma: boolean, other: ByteCell): ByteCell {
  const order = comma
    ? [8, 9, -47, 5, 6, -47, 0, 1, 2, 3, -32, 11, 12, 13, 14, 15]
    : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -32, 11, 12, 13, 14, 15];
  return (out, v) => {
    if (typeof v !== 'string' || v.length < 16 || (v[10] !== ' ' && v[10] !== 'T')) return other(out, v);
    out.room(16);
    const start = out.pos;
    for (const k of order) {
      const c = k < 0 ? -k : v.charCodeAt(k);
      if (c >= 128) {
        out.pos = start;
        return other(out, v);
      }
      out.buf[out.pos++] = c;
    }
  };
}

/**
 * `s` copied byte by byte when it is ASCII and needs no quotes (no delimiter, quote, CR, LF);
 * false (nothing written) otherwise.
 */
function ascii(out: CsvBytes, s: string, delimiter: number): boolean {
  out.room(s.length);
  const start = out.pos;
  const buf = out.buf;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 128 || c === delimiter || c === 34 || c === 10 || c === 13) {
      out.pos = start;
      return false;
    }
    buf[start + k] = c;
  }
  out.pos = start + s.length;
  return true;
}
