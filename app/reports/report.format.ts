import { formatBRL } from '../money/money';

/** R$ 1.234,56 with a plain space (pdftotext and spreadsheets read it back as typed). */
export function brl(cents: number): string {
  return formatBRL(cents).replace(/\u00a0/g, ' ');
}

const MONTHS = [
  'Janeiro',
  'Fevereiro',
  'Março',
  'Abril',
  'Maio',
  'Junho',
  'Julho',
  'Agosto',
  'Setembro',
  'Outubro',
  'Novembro',
  'Dezembro',
];

/** "Outubro de 2026" for '2026-10'. */
export function monthLabel(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month} de ${month.slice(0, 4)}`;
}

const dec = (digits: number) =>
  new Intl.NumberFormat('pt-BR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const DEC1 = dec(1);
const DEC2 = dec(2);
const QTY = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 });
const INT = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 0 });

/** 12,5% (one decimal; "—" for null). */
export function pct1(value: number | null): string {
  return value === null ? '—' : `${DEC1.format(value)}%`;
}

/** 59,42% (two decimals; "—" for null). */
export function pct2(value: number | null): string {
  return value === null ? '—' : `${DEC2.format(value)}%`;
}

/** A quantity in thousandths as units: 2500 → "2,5". */
export function qty(milli: number): string {
  return QTY.format(milli / 1000);
}

/** 1.234 */
export function int(n: number): string {
  return INT.format(n);
}

export const METHOD_LABELS: Record<string, string> = {
  pix: 'PIX',
  dinheiro: 'Dinheiro',
  cartao_debito: 'Cartão de débito',
  cartao_credito: 'Crédito à vista',
  credito_parcelado: 'Crédito parcelado',
  boleto: 'Boleto',
  credito_loja: 'Crédito da loja',
  crediario: 'Crediário',
};

export const KIND_LABELS: Record<string, string> = {
  goods: 'Produto',
  service: 'Procedimento',
  package: 'Pacote',
};
